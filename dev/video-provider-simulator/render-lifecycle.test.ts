// A render's status only moves forward, whatever order its timers fire in.
import { expect, it } from "vitest";
import type { SimulatorContext } from "./context";
import { startRender } from "./render-lifecycle";
import { createSimulatorState, type RenderRecord } from "./state";

it("keeps a finished render finished when its in-progress timer fires late", () => {
  // Timers of a few scaled milliseconds can fire in either order on a busy loop: replay them reversed.
  const pending: (() => void)[] = [];
  const state = createSimulatorState();
  const ctx = {
    state,
    scheduler: { after: (_ms: number, task: () => void) => pending.push(task) },
    log: () => {},
  } as unknown as SimulatorContext;
  const render = {
    provider: "creativeai",
    id: "vgen_late",
    outcome: "failed",
    status: "queued",
    finished: false,
    finishedAt: null,
  } as unknown as RenderRecord;
  const finished: string[] = [];
  startRender(ctx, render, 100, { inProgress: "processing", completed: "completed", failed: "failed" }, (r) => finished.push(r.status));

  expect(pending).toHaveLength(2);
  pending[1](); // the render ends...
  pending[0](); // ...and only then does the "now rendering" timer fire
  expect(render.status).toBe("failed");
  expect(render.finished).toBe(true);
  expect(finished).toEqual(["failed"]);
  expect(state.inFlight).toBe(0);
});
