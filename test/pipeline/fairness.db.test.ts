// A shop with a long queue must not make a small shop wait: with shop A
// holding 2,000 queued jobs, shop B's 3 start within one render slot.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";

const A = "big-catalog.myshopify.com";
const B = "small-shop.myshopify.com";
const CAP = 4;
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: CAP,
    shops: [
      { shop: A, concurrencyCap: CAP },
      { shop: B, concurrencyCap: CAP },
    ],
    simulator: { seed: 7, renderTimeMs: { min: 300, max: 400 } },
  });
});
afterAll(async () => {
  await h?.stop();
});

it("starts the small shop's jobs within one render slot", async () => {
  const options = { model: "kling-v3" as const, duration: 5, aspectRatio: "16:9" as const, prompt: "Gentle rotation" };
  await createBatch(h.t.db, h.ctx.queues, { shop: A, source: "collection", title: "Whole catalog", items: demoItems(2_000, "a"), options });
  await h.startWorkers();
  // A fills every slot and keeps them full.
  await waitFor(
    async () => (await h.t.db.videoJob.count({ where: { shop: A, status: { in: ["rendering", "awaiting_review"] } } })) >= CAP * 2,
    { what: "A to be rendering" },
  );

  await createBatch(h.t.db, h.ctx.queues, { shop: B, source: "picker", title: "Three products", items: demoItems(3, "b"), options });
  // B has asked once its batch is committed: A's jobs that rounds started
  // while B's batch was still being written could not have been B's.
  const asked = new Date();
  await waitFor(async () => (await h.t.db.jobEvent.count({ where: { shop: B, toStatus: "submitting" } })) === 3, {
    what: "B's jobs to start",
  });

  const starts = await h.t.db.jobEvent.findMany({
    // B's own starts all count, even one a round made before `asked` was read.
    where: { toStatus: "submitting", OR: [{ shop: B }, { at: { gte: asked } }] },
    orderBy: [{ at: "asc" }, { id: "asc" }],
  });
  // B's wait, in render slots: how many of A's jobs started before each of B's.
  const waits: number[] = [];
  let sincePrevious = 0;
  for (const s of starts) {
    if (s.shop === A) sincePrevious += 1;
    else {
      waits.push(sincePrevious);
      sincePrevious = 0;
    }
  }
  console.info(`B waited ${JSON.stringify(waits)} render slots (A jobs started before each of B's)`);
  expect(waits).toHaveLength(3);
  for (const w of waits) expect(w).toBeLessThanOrEqual(1);
}, 120_000);
