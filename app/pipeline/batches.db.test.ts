// createBatch: one job per distinct product render, written in bulk, read back
// by the typed client exactly as written; identical work is reused, bad input
// changes nothing.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { demoItems } from "../../test/support/items";
import { BatchInputError, createBatch, estimateCreditsFor, MAX_BATCH_SIZE } from "./batches.server";

let t: TestDatabase;
const shop = "batches.myshopify.com";
const options = { model: "kling-v3", duration: 5, aspectRatio: "9:16" as const, prompt: "Slow orbit, soft daylight" };

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

it("writes 10,000 queued jobs, each with its timeline event, readable through the typed client", async () => {
  const before = new Date(Date.now() - 1);
  const items = demoItems(10_000, "big");
  const created = await createBatch(t.db, null, { shop, source: "collection", title: "Whole catalog", items, options });
  expect(created).toMatchObject({ created: 10_000, reused: [] });
  expect(created.estimatedCredits).toBe(10_000 * estimateCreditsFor("creativeai", options));
  expect(estimateCreditsFor("creativeai", options)).toBeGreaterThan(0);

  const batch = await t.db.batch.findUniqueOrThrow({ where: { id: created.batchId } });
  expect(batch).toMatchObject({ shop, source: "collection", title: "Whole catalog", jobCount: 10_000 });
  expect(await t.db.videoJob.count({ where: { batchId: created.batchId, status: "queued" } })).toBe(10_000);
  // Date columns compare correctly in SQL: every row is on the "created since" side.
  expect(await t.db.videoJob.count({ where: { batchId: created.batchId, createdAt: { gte: before }, updatedAt: { gte: before } } })).toBe(
    10_000,
  );

  const last = await t.db.videoJob.findFirstOrThrow({ where: { batchId: created.batchId, productId: "gid://shopify/Product/10000" } });
  expect(last).toMatchObject({
    shop,
    productTitle: "Product big-9999",
    sku: "SKU-big-9999",
    imageUrl: "https://cdn.example.com/big/9999.jpg",
    prompt: options.prompt,
    model: "kling-v3",
    duration: 5,
    aspectRatio: "9:16",
    provider: "creativeai",
    variantId: null,
    targetSurface: null,
    generationId: null,
    callbackToken: null,
    submitAttempts: 0,
    failoverUsed: false,
  });
  expect(last.createdAt).toBeInstanceOf(Date);
  expect(last.createdAt.getTime()).toBe(batch.createdAt.getTime());

  const events = await t.db.jobEvent.findMany({ where: { jobId: last.id } });
  expect(events).toEqual([expect.objectContaining({ shop, fromStatus: null, toStatus: "queued", detail: "Added to “Whole catalog”" })]);
  expect(await t.db.jobEvent.count({ where: { shop, toStatus: "queued" } })).toBe(10_000);
}, 60_000);

it("makes one job of a product repeated in the request, and reuses work already in progress or live", async () => {
  const shopB = "reuse.myshopify.com";
  const items = demoItems(4, "reuse");
  const first = await createBatch(t.db, null, {
    shop: shopB,
    source: "picker",
    title: "First",
    items: [...items, items[0], items[1]],
    options,
  });
  expect(first.created).toBe(4);

  const jobs = await t.db.videoJob.findMany({ where: { batchId: first.batchId }, orderBy: { productId: "asc" } });
  await t.db.videoJob.update({ where: { id: jobs[0].id }, data: { status: "published" } });
  await t.db.videoJob.update({ where: { id: jobs[1].id }, data: { status: "failed" } });

  // Same products again: queued, rendering and published work is reused; the failed one renders again.
  const second = await createBatch(t.db, null, { shop: shopB, source: "picker", title: "Second", items, options });
  expect(second.created).toBe(1);
  expect(second.reused.map((r) => r.jobId).sort()).toEqual([jobs[0].id, jobs[2].id, jobs[3].id].sort());
  const rerender = await t.db.videoJob.findFirstOrThrow({ where: { batchId: second.batchId } });
  expect(rerender.productId).toBe(jobs[1].productId);

  // A different prompt is a different video.
  const third = await createBatch(t.db, null, {
    shop: shopB,
    source: "picker",
    title: "Third",
    items: items.slice(0, 1),
    options: { ...options, prompt: "Fast spin on white" },
  });
  expect(third.created).toBe(1);
});

it("refuses bad requests with a message for the merchant and writes nothing", async () => {
  const shopC = "refusals.myshopify.com";
  const counts = async () => [await t.db.batch.count({ where: { shop: shopC } }), await t.db.videoJob.count({ where: { shop: shopC } })];
  const attempt = (over: Partial<Parameters<typeof createBatch>[2]>) =>
    createBatch(t.db, null, { shop: shopC, source: "picker", title: "Refused", items: demoItems(2, "refused"), options, ...over });

  await expect(attempt({ items: [] })).rejects.toThrow(new BatchInputError("Choose at least one product."));
  await expect(attempt({ items: demoItems(MAX_BATCH_SIZE + 1, "huge") })).rejects.toThrow(/up to 100,000 products/);
  await expect(attempt({ options: { ...options, model: "no-such-model" } })).rejects.toThrow(
    /Choose one of the models your video provider offers: kling-v3/,
  );
  await t.db.shopSettings.upsert({
    where: { shop: shopC },
    create: { shop: shopC, uninstalledAt: new Date() },
    update: { uninstalledAt: new Date() },
  });
  await expect(attempt({})).rejects.toThrow(/uninstalled/);
  expect(await counts()).toEqual([0, 0]);
});
