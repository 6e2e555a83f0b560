// A shop on JSON2Video: unsigned callbacks trusted only through the per-job
// token in the callback URL, with polling as the safety net for lost ones.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { receiveProviderCallback } from "~/pipeline/callback-intake.server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";

const shop = "json2video-shop.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 4,
    renderPollAfterMs: 800,
    shops: [{ shop, concurrencyCap: 4 }],
    simulator: { seed: 17, renderTimeMs: { min: 100, max: 300 }, faults: { lostCallbackRate: 0.3, failRate: 0.1 } },
  });
  await h.t.db.shopSettings.update({ where: { shop }, data: { provider: "json2video", defaultModel: "zoom-in" } });
  await h.startWorkers();
});
afterAll(async () => {
  await h?.stop();
});

it("renders a batch through JSON2Video, callbacks and polling alike", async () => {
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: "json2video",
    items: demoItems(16, "j2v"),
    options: { model: "zoom-in", duration: 5, aspectRatio: "9:16", prompt: "Slow zoom" },
  });
  await waitFor(
    async () =>
      (await h.t.db.videoJob.count({
        where: { batchId: batch.batchId, status: { in: ["queued", "submitting", "rendering", "checking"] } },
      })) === 0,
    { what: "the batch", timeoutMs: 60_000 },
  );
  const jobs = await h.t.db.videoJob.findMany({ where: { batchId: batch.batchId } });
  for (const job of jobs) {
    expect(job.callbackToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const truth = h.simulator.state.renders.get(job.generationId!);
    expect(job.status).toBe(truth!.outcome === "completed" ? "awaiting_review" : "failed");
  }
  expect(h.simulator.state.counters.callbacksLost).toBeGreaterThan(0);
});

it("refuses a callback whose URL token is wrong, without touching the job", async () => {
  const job = (await h.t.db.videoJob.findFirst({ where: { shop, status: "awaiting_review" } }))!;
  // Back to rendering, started "later": the reconciler polls renders older than
  // 800 ms, and its poll (the render completed) must not beat the callback here.
  await h.t.db.videoJob.update({ where: { id: job.id }, data: { status: "rendering", renderStartedAt: new Date(Date.now() + 120_000) } });
  const body = JSON.stringify({ project: job.generationId, status: "error", message: "forged", "client-data": { job_reference: job.id } });
  const forged = await receiveProviderCallback(h.ctx, "json2video", { rawBody: body, headers: new Headers(), urlToken: "A".repeat(43) });
  expect(forged.status).toBe(401);
  const missing = await receiveProviderCallback(h.ctx, "json2video", { rawBody: body, headers: new Headers(), urlToken: "" });
  expect(missing.status).toBe(401);
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("rendering");
  const genuine = await receiveProviderCallback(h.ctx, "json2video", {
    rawBody: body,
    headers: new Headers(),
    urlToken: job.callbackToken,
    urlAttempt: job.attemptNonce,
  });
  expect(genuine.status).toBe(200);
  // Recorded and answered; the workers' next dispatch round applies it.
  const moved = await waitFor(
    async () => {
      const row = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
      return row.status !== "rendering" && row;
    },
    { what: "the genuine callback applied", timeoutMs: 30_000 },
  );
  expect(moved).toMatchObject({ status: "failed", errorMessage: expect.stringContaining("forged") });
});
