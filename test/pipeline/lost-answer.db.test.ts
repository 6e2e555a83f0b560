// A worker that dies after the provider accepted a render, but before the
// generation id was stored: the retry waits, the callback (whose URL names the
// job) gives the job its render, and nothing is rendered twice.
import { afterAll, beforeAll, expect, it } from "vitest";
import { callbackUrlFor } from "~/pipeline/context.server";
import { submitVideoJob } from "~/pipeline/submit.server";
import { videoProviderFor } from "~/providers/registry.server";
import { applyRecordedCallbacks } from "../support/apply-callbacks";
import { makeBatch, makeJob } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";

const shop = "lost-answer.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 2,
    shops: [{ shop, concurrencyCap: 2 }],
    simulator: { seed: 4, renderTimeMs: { min: 200, max: 200 } },
  });
  h.ctx.unansweredSubmitWaitMs = 60_000;
});
afterAll(async () => {
  await h?.stop();
});

it("adopts the render from its callback instead of submitting again", async () => {
  const batch = await makeBatch(h.t.db, shop);
  const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
  // The first attempt: sent and accepted, then the worker died before writing anything back.
  await h.t.db.videoJob.update({ where: { id: job.id }, data: { submitAttempts: 1, submitUnansweredSince: new Date() } });
  const provider = videoProviderFor("creativeai", { apiKey: SIMULATOR_KEY, baseUrl: h.simulator.url });
  const accepted = await provider.submitRender({
    imageUrl: job.imageUrl,
    prompt: job.prompt,
    model: job.model,
    duration: job.duration,
    aspectRatio: job.aspectRatio,
    callbackUrl: callbackUrlFor(h.ctx, "creativeai", job),
    jobReference: job.id,
  });

  // The retry waits rather than render a second time.
  expect(await submitVideoJob(h.ctx, job.id, { isLast: false })).toMatchObject({ kind: "wait" });

  const adopted = await waitFor(
    async () => {
      // No workers here: apply what the callback route recorded, as their dispatch rounds would.
      await applyRecordedCallbacks(h.ctx);
      const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
      return row.status === "checking" ? row : undefined;
    },
    { what: "the callback to adopt the render", timeoutMs: 20_000 },
  );
  expect(adopted.generationId).toBe(accepted.generationId);
  expect(adopted.submitUnansweredSince).toBeNull();
  expect(await submitVideoJob(h.ctx, job.id, { isLast: false })).toMatchObject({ kind: "skipped" });
  expect(h.simulator.state.counters.accepted).toBe(1);
  const timeline = await h.t.db.jobEvent.findMany({ where: { jobId: job.id }, orderBy: { id: "asc" } });
  expect(timeline.map((e) => e.toStatus)).toEqual(["rendering", "checking"]);
});

it("submits again once the wait is over and no callback came", async () => {
  const batch = await makeBatch(h.t.db, shop);
  const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "submitting" });
  await h.t.db.videoJob.update({ where: { id: job.id }, data: { submitUnansweredSince: new Date(Date.now() - 61_000) } });
  const outcome = await submitVideoJob(h.ctx, job.id, { isLast: false });
  expect(outcome.kind).toBe("submitted");
});
