// When the monthly credit budget runs out, the batch pauses cleanly: what was
// sent finishes, the rest waits as "paused" (reason "budget", never failed)
// with one message the merchant understands, nothing more reaches the
// provider, and raising the budget sends the rest.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { BUDGET_REACHED_MESSAGE, resumeBudgetPaused } from "~/pipeline/budget.server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";

const shop = "budget-stop.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  // kling-v3, 5 s = 3 credits: a budget of 10 pays for three renders.
  h = await startPipelineHarness({ globalCap: 1, shops: [{ shop, concurrencyCap: 1, monthlyCreditBudget: 10 }], simulator: { seed: 11 } });
  await h.startWorkers();
});
afterAll(async () => {
  await h?.stop();
});

it("pauses the batch with a clear message once the budget is used, and a raise sends the rest", async () => {
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: "Budget",
    items: demoItems(8, "budget"),
    options: { model: "kling-v3", duration: 5, aspectRatio: "16:9", prompt: "Slow dolly in" },
  });
  // The stop is whole once the batch carries its message: the jobs move first,
  // then their batches are told, so waiting on the jobs alone races the message.
  await waitFor(
    async () =>
      (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: { in: ["queued", "submitting"] } } })) === 0 &&
      (await h.t.db.batch.findUniqueOrThrow({ where: { id: batch.batchId } })).stoppedReason !== null,
    { what: "the batch to stop with its message" },
  );
  const jobs = await h.t.db.videoJob.findMany({ where: { batchId: batch.batchId } });
  // The three that were sent go on to their clip (checked, then reviewed) whatever the budget.
  expect(jobs.filter((j) => j.generationId !== null)).toHaveLength(3);
  expect(jobs.filter((j) => j.status === "failed")).toHaveLength(0);
  const stopped = jobs.filter((j) => j.status === "paused");
  expect(stopped).toHaveLength(5);
  for (const job of stopped) expect(job.pausedReason).toBe("budget");
  for (const job of stopped) expect(job.errorMessage).toBeNull();
  expect(h.simulator.state.counters.accepted).toBe(3);
  expect((await h.t.db.batch.findUniqueOrThrow({ where: { id: batch.batchId } })).stoppedReason).toBe(BUDGET_REACHED_MESSAGE);

  await h.t.db.shopSettings.update({ where: { shop }, data: { monthlyCreditBudget: 100 } });
  expect(await resumeBudgetPaused(h.t.db, shop)).toBe(5);
  expect((await h.t.db.batch.findUniqueOrThrow({ where: { id: batch.batchId } })).stoppedReason).toBeNull();
  await h.ctx.queues.requestDispatch();
  await waitFor(async () => (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, generationId: { not: null } } })) === 8, {
    what: "the retried jobs",
  });
  expect(h.simulator.state.counters.accepted).toBe(8);
}, 120_000);
