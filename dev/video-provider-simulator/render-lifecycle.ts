// A render's life at the simulated provider: its fate is decided when it is
// submitted (so the truth is recorded before anyone can observe it), then it
// moves to its in-progress status and, after the render time, to its final
// one, unless it is one that never finishes.
import type { ClipFault } from "./clip-render";
import type { SimulatorContext } from "./context";
import type { RenderOutcome, RenderRecord } from "./state";

export interface RenderFate {
  outcome: RenderOutcome;
  renderMs: number;
  invalidVideo: boolean;
  lostCallback: boolean;
  duplicateCallback: boolean;
  outOfOrderCallback: boolean;
  replayCallback: boolean;
  outOfDateCallback: boolean;
  clipFault: ClipFault | null;
  urlLifetimeMs: number | null;
}

export interface ProviderStatuses {
  inProgress: string;
  completed: string;
  failed: string;
}

/** Share of the render time spent queued before the provider starts rendering. */
const QUEUED_SHARE = 0.2;

export function decideFate(ctx: SimulatorContext): RenderFate {
  const faults = ctx.faults();
  const never = ctx.random.chance(faults.neverFinishRate);
  const failed = ctx.random.chance(faults.failRate);
  return {
    outcome: never ? "never" : failed ? "failed" : "completed",
    renderMs: ctx.random.between(ctx.renderTimeMs.min, ctx.renderTimeMs.max),
    invalidVideo: ctx.random.chance(faults.invalidVideoRate),
    lostCallback: ctx.random.chance(faults.lostCallbackRate),
    duplicateCallback: ctx.random.chance(faults.duplicateCallbackRate),
    outOfOrderCallback: ctx.random.chance(faults.outOfOrderRate),
    replayCallback: ctx.random.chance(faults.replayCallbackRate),
    outOfDateCallback: ctx.random.chance(faults.outOfDateCallbackRate),
    clipFault: decideClipFault(ctx),
    urlLifetimeMs: ctx.random.chance(faults.expiringUrlRate) ? ctx.scheduler.scaled(faults.urlLifetimeSeconds * 1000) : null,
  };
}

/** At most one clip fault per render, each rate drawn every time so one rate never shifts the others' decisions. */
function decideClipFault(ctx: SimulatorContext): ClipFault | null {
  const faults = ctx.faults();
  const drifted = ctx.random.chance(faults.driftedClipRate);
  const towardProduct = ctx.random.chance(0.5);
  const frozen = ctx.random.chance(faults.frozenClipRate);
  const truncated = ctx.random.chance(faults.truncatedClipRate);
  const wrongAspect = ctx.random.chance(faults.wrongAspectRate);
  if (drifted) return towardProduct ? "drifted-product" : "drifted-colour";
  if (frozen) return "frozen";
  if (truncated) return "truncated";
  return wrongAspect ? "wrong-aspect" : null;
}

export function startRender(
  ctx: SimulatorContext,
  render: RenderRecord,
  renderMs: number,
  statuses: ProviderStatuses,
  onFinished: (render: RenderRecord) => void,
): void {
  const { state } = ctx;
  state.renders.set(render.id, render);
  state.inFlight += 1;
  state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);

  ctx.scheduler.after(renderMs * QUEUED_SHARE, () => {
    // Timers of a few scaled milliseconds can fire out of order on a busy
    // event loop: a finished render never goes back to "in progress".
    if (!render.finished) render.status = statuses.inProgress;
  });
  if (render.outcome === "never") return;
  ctx.scheduler.after(renderMs, () => {
    render.status = render.outcome === "completed" ? statuses.completed : statuses.failed;
    render.finished = true;
    render.finishedAt = Date.now();
    state.inFlight -= 1;
    if (render.outcome === "completed") state.counters.completed += 1;
    else state.counters.failed += 1;
    ctx.log(`render ${render.provider} ${render.id} ${render.status}`);
    onFinished(render);
  });
}
