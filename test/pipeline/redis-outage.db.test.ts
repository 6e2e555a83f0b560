// The database is the source of truth; the queue is transport. Restarting
// Redis mid-batch, or flushing it, still completes the batch.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { FINAL_STATUSES } from "~/jobs/status";
import { startLocalRedis, type LocalRedis } from "../../scripts/local-services/redis";
import { acceptedPerImage, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";

const shop = "outage.myshopify.com";
const options = { model: "kling-v3" as const, duration: 5, aspectRatio: "16:9" as const, prompt: "Soft light, slow orbit" };
let redis: LocalRedis;
let h: PipelineHarness;

beforeAll(async () => {
  redis = await startLocalRedis();
  h = await startPipelineHarness({
    globalCap: 6,
    redisUrl: redis.url,
    renderPollAfterMs: 800,
    shops: [{ shop, concurrencyCap: 6 }],
    simulator: { seed: 99, renderTimeMs: { min: 150, max: 400 } },
  });
  await h.startWorkers();
});
afterAll(async () => {
  await h?.stop();
  await redis?.stop();
});

async function settled(batchId: string) {
  return (await h.t.db.videoJob.count({ where: { batchId, status: { notIn: [...FINAL_STATUSES, "awaiting_review"] } } })) === 0;
}

async function expectEachRenderedOnce(batchId: string) {
  const jobs = await h.t.db.videoJob.findMany({ where: { batchId } });
  const accepted = acceptedPerImage(h.simulator);
  for (const job of jobs) {
    expect(["awaiting_review", "failed"]).toContain(job.status);
    expect(accepted.get(job.imageUrl)).toBe(1);
  }
}

it("completes a batch across a Redis restart", async () => {
  const batch = await createBatch(h.t.db, h.ctx.queues, { shop, source: "picker", title: "restart", items: demoItems(60, "r"), options });
  await waitFor(async () => (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: "awaiting_review" } })) >= 10, {
    what: "progress",
  });
  await redis.restart();
  await waitFor(() => settled(batch.batchId), { timeoutMs: 90_000, what: "batch to finish after the restart" });
  await expectEachRenderedOnce(batch.batchId);
}, 120_000);

it("completes a batch after Redis is flushed", async () => {
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: "flush",
    items: demoItems(60, "f", 1_000),
    options,
  });
  await waitFor(async () => (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: "awaiting_review" } })) >= 10, {
    what: "progress",
  });
  const admin = new Redis(redis.url);
  await admin.flushall();
  await admin.quit();
  await waitFor(() => settled(batch.batchId), { timeoutMs: 90_000, what: "batch to finish after the flush" });
  await expectEachRenderedOnce(batch.batchId);
}, 120_000);
