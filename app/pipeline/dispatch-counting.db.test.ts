// Waiting jobs are counted only up to a cap (waiting-shops.server.ts): a shop
// with a few waiting still goes before shops with thousands, and shops with
// the cap or more share the slots by rotation, whatever their true size.
import { afterAll, beforeAll, expect, it } from "vitest";
import { transitionMany } from "~/jobs/state-machine.server";
import { createBatch } from "./batches.server";
import { dispatchRound } from "./dispatch.server";
import { WAITING_COUNT_CAP, waitingShops } from "./waiting-shops.server";
import { demoItems } from "../../test/support/items";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";

// Shop order matters for the rotation: catalog-a < catalog-b < few.
const HUGE = "catalog-a.myshopify.com";
const LARGE = "catalog-b.myshopify.com";
const FEW = "few.myshopify.com";
const options = { model: "kling-v3", duration: 5, aspectRatio: "16:9" as const, prompt: "Slow push-in, soft light" };

let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [
      { shop: HUGE, concurrencyCap: 4 },
      { shop: LARGE, concurrencyCap: 4 },
      { shop: FEW, concurrencyCap: 2 },
    ],
  });
  await createBatch(h.t.db, null, { shop: HUGE, source: "collection", title: "Whole catalog", items: demoItems(2_000, "huge"), options });
  await createBatch(h.t.db, null, { shop: LARGE, source: "collection", title: "Summer", items: demoItems(120, "large"), options });
  await createBatch(h.t.db, null, { shop: FEW, source: "picker", title: "Three products", items: demoItems(3, "few"), options });
});
afterAll(async () => {
  await h?.stop();
});

const next = async () => {
  const ids = (await dispatchRound(h.ctx)).dispatched;
  const rows = await h.t.db.videoJob.findMany({ where: { id: { in: ids } }, select: { id: true, shop: true } });
  const shopOf = new Map(rows.map((r) => [r.id, r.shop]));
  return ids.map((id) => shopOf.get(id));
};

/** Frees a shop's render slots. */
async function finishRenders(shop: string, n: number) {
  const jobs = await h.t.db.videoJob.findMany({ where: { shop, status: "submitting" }, take: n, select: { id: true } });
  await transitionMany(h.t.db, { shop, jobIds: jobs.map((j) => j.id), to: "failed", detail: "test: slot freed" });
}

it("counts each shop's waiting jobs only up to the cap", async () => {
  const counts = await h.t.db.$transaction((tx) => waitingShops(tx, h.t.db.dialect));
  expect(counts).toEqual([
    { shop: HUGE, waiting: WAITING_COUNT_CAP },
    { shop: LARGE, waiting: WAITING_COUNT_CAP },
    { shop: FEW, waiting: 3 },
  ]);
});

it("serves a shop with 3 waiting before shops with thousands, and rotates among shops at the cap", async () => {
  // Everyone idle: the few first, then the two at the cap; the last slot to the few again (2 left, the least).
  expect(await next()).toEqual([FEW, HUGE, LARGE, FEW]);

  // The few's two slots free: its last job goes, then the next slot to the
  // shop after the one served last, although LARGE has far fewer waiting.
  await finishRenders(FEW, 2);
  expect(await next()).toEqual([FEW, HUGE]);

  // The few has nothing left waiting: its freed slots alternate between the two catalogs.
  await finishRenders(FEW, 1);
  expect(await next()).toEqual([LARGE]);
  await finishRenders(HUGE, 1);
  await finishRenders(LARGE, 1);
  expect(await next()).toEqual([HUGE, LARGE]);
});
