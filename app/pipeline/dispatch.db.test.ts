// Who gets the next free render slot. Rounds are driven by hand (no workers),
// and slots are freed by moving jobs on, so every choice is observable.
import { afterAll, beforeAll, expect, it } from "vitest";
import { transitionMany } from "~/jobs/state-machine.server";
import { createBatch } from "./batches.server";
import { dispatchRound } from "./dispatch.server";
import { demoItems } from "../../test/support/items";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";

const BIG = "big-catalog.myshopify.com";
const MEDIUM = "medium-shop.myshopify.com";
const SMALL = "small-shop.myshopify.com";
const options = { model: "kling-v3", duration: 5, aspectRatio: "16:9" as const, prompt: "Slow push-in, soft light" };

let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 6,
    shops: [
      { shop: BIG, concurrencyCap: 6 },
      { shop: MEDIUM, concurrencyCap: 4 },
      { shop: SMALL, concurrencyCap: 2 },
    ],
  });
});
afterAll(async () => {
  await h?.stop();
});

const shopsOf = async (ids: string[]) =>
  (await h.t.db.videoJob.findMany({ where: { id: { in: ids } }, select: { shop: true } })).map((j) => j.shop);

/** Finishes n of a shop's renders in flight, freeing their slots. */
async function finishRenders(shop: string, n: number) {
  const jobs = await h.t.db.videoJob.findMany({ where: { shop, status: "submitting" }, take: n, select: { id: true } });
  await transitionMany(h.t.db, { shop, jobIds: jobs.map((j) => j.id), to: "failed", detail: "test: slot freed" });
}

it("gives freed slots to the shop with the least waiting, never beyond its cap, and never starves anyone", async () => {
  const next = async () => (await shopsOf((await dispatchRound(h.ctx)).dispatched)).sort();
  await createBatch(h.t.db, null, { shop: BIG, source: "collection", title: "Whole catalog", items: demoItems(50, "big"), options });
  expect(await next()).toEqual(Array(6).fill(BIG));

  // A small and a medium request arrive while the big shop holds every slot.
  await createBatch(h.t.db, null, { shop: MEDIUM, source: "picker", title: "Twelve products", items: demoItems(12, "medium"), options });
  await createBatch(h.t.db, null, { shop: SMALL, source: "picker", title: "Three products", items: demoItems(3, "small"), options });
  expect(await next()).toEqual([]);

  // Two slots free: the two shops with nothing in flight get one each.
  await finishRenders(BIG, 2);
  expect(await next()).toEqual([MEDIUM, SMALL]);

  // The next slot goes to the shop with the least waiting (small: 2 left).
  await finishRenders(BIG, 1);
  expect(await next()).toEqual([SMALL]);

  // Small is at its cap of 2, so medium (11 waiting) comes before big (44).
  await finishRenders(BIG, 1);
  expect(await next()).toEqual([MEDIUM]);

  // Big has nothing in flight any more: it gets a slot although it has the
  // most waiting; the other freed slot goes to medium.
  await finishRenders(BIG, 2);
  expect(await next()).toEqual([BIG, MEDIUM].sort());
  const inFlight = await h.t.db.videoJob.groupBy({ by: ["shop"], where: { status: "submitting" }, _count: { _all: true } });
  expect(Object.fromEntries(inFlight.map((r) => [r.shop, r._count._all]))).toEqual({ [BIG]: 1, [MEDIUM]: 3, [SMALL]: 2 });
});
