// Reading a collection from Shopify (the Admin API emulator, on the real
// schema) page by page: 166 products a page, each page from the previous
// page's cursor, never the whole collection in one request; and a collection
// the extension reads this way becomes one batch of one video job a product.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { BULK_READ_THRESHOLD } from "~/catalog/catalog-reads.server";
import type { ApiResult, BatchCreatedData } from "./api-types";
import { COLLECTION_PAGE_SIZE, collectionProductPages } from "~/catalog/collections.server";
import { shopAdmin } from "./shop-admin.server";
import { Catalog, type CollectionRecord } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { gid } from "../../dev/shopify-admin-emulator/ids";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { putReadyVideoFirst } from "../../dev/shopify-admin-emulator/test-support";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import {
  extensionRequest,
  offlineAccessToken,
  seedOfflineSession,
  sessionToken,
  useShopifyTestApp,
} from "../../test/support/shopify-requests";

const SHOP = "big-catalog.myshopify.com";
const SIZE = 10_000;

let emulator: AdminEmulator;
let h: PipelineHarness;
let everything: CollectionRecord;
let kitchen: CollectionRecord;

/** Every 500th product shows a video first (as after "put the clip first"): its photo comes from a follow-up lookup. */
function withSomeVideosFirst(catalog: Catalog, collection: CollectionRecord): CollectionRecord {
  collection.productIds.forEach((id, i) => {
    if (i % 500 === 0) putReadyVideoFirst(catalog, catalog.products.get(id)!);
  });
  return collection;
}

beforeAll(async () => {
  const catalog = new Catalog();
  catalog.addShop({ domain: SHOP, accessToken: offlineAccessToken(SHOP) });
  everything = withSomeVideosFirst(catalog, addDemoCollection(catalog, SHOP, { title: "Everything", size: SIZE }));
  kitchen = withSomeVideosFirst(catalog, addDemoCollection(catalog, SHOP, { title: "Kitchen", size: BULK_READ_THRESHOLD }));
  // A bucket that never runs dry: these tests count requests, not waits.
  emulator = await startAdminEmulator({ catalog, seed: 4, throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop: SHOP, concurrencyCap: 4 }], adminEmulator: emulator });
  useShopifyTestApp(h.t.db, h.ctx);
  await seedOfflineSession(h.t.db, SHOP);
});
afterAll(async () => {
  await h?.stop();
  await emulator?.stop();
});

const photoOf = (productId: number) =>
  `${emulator.url}/product-images/${emulator.catalog.products.get(productId)!.media.find((m) => m.kind === "IMAGE")!.id}.png`;
const asked = (operation: string) => emulator.stats.operations[operation] ?? 0;

it("reads 10,000 products in pages of 166, each from the previous page's cursor, with each product's photo", async () => {
  const pagesBefore = asked("CollectionProducts");
  const lookupsBefore = asked("FirstProductImages");
  const pages: string[][] = [];
  const photos = new Map<string, string | null>();
  for await (const page of collectionProductPages(await shopAdmin(h.ctx, SHOP), gid("Collection", everything.id))) {
    pages.push(page.products.map((p) => p.id));
    for (const p of page.products) photos.set(p.id, p.imageUrl);
  }
  expect(pages).toHaveLength(Math.ceil(SIZE / COLLECTION_PAGE_SIZE));
  expect(pages.slice(0, -1).every((page) => page.length === COLLECTION_PAGE_SIZE)).toBe(true);
  // In the collection's order, every product once: no page repeated or skipped.
  expect(pages.flat()).toEqual(everything.productIds.map((id) => gid("Product", id)));
  expect(asked("CollectionProducts") - pagesBefore).toBe(Math.ceil(SIZE / COLLECTION_PAGE_SIZE));
  // A video first: the photo is the product's first image, from one follow-up lookup per page that had one.
  expect(photos.get(gid("Product", everything.productIds[0]))).toBe(photoOf(everything.productIds[0]));
  expect(photos.get(gid("Product", everything.productIds[1]))).toBe(photoOf(everything.productIds[1]));
  expect(asked("FirstProductImages") - lookupsBefore).toBe(SIZE / 500);
}, 120_000);

it("turns the largest collection it reads page by page into one batch of one job a product", async () => {
  const { action } = (await import("~/routes/api.extension.collection-generate")) as {
    action: (args: ActionFunctionArgs) => Promise<Response>;
  };
  const request = extensionRequest("/api/extension/collection-generate", {
    token: sessionToken(SHOP),
    body: {
      collectionId: gid("Collection", kitchen.id),
      options: { prompt: "Gentle rotation, soft light", model: "kling-v3", duration: 5, aspectRatio: "1:1" },
    },
  });
  const response = await action({ request, params: {}, context: {} });
  const body = (await response.json()) as ApiResult<BatchCreatedData>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  if (!body.ok) throw new Error(body.error.message);
  expect(body).toMatchObject({ created: BULK_READ_THRESHOLD, reused: 0, skipped: { count: 0, examples: [] } });
  expect(await h.t.db.batch.findUniqueOrThrow({ where: { id: body.batch.id } })).toMatchObject({
    source: "collection",
    jobCount: BULK_READ_THRESHOLD,
  });
  const jobs = await h.t.db.videoJob.findMany({
    where: { batchId: body.batch.id },
    select: { productId: true, status: true, imageUrl: true },
  });
  expect(new Set(jobs.map((j) => j.productId)).size).toBe(BULK_READ_THRESHOLD);
  expect(jobs.every((j) => j.status === "queued")).toBe(true);
  const videoFirst = jobs.find((j) => j.productId === gid("Product", kitchen.productIds[0]));
  expect(videoFirst?.imageUrl).toBe(photoOf(kitchen.productIds[0]));
}, 60_000);
