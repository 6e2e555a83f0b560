// A collection of 10,000 products becomes ONE batch of 10,000 video jobs, read
// from Shopify page by page (40 pages of at most 250), never in one request.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import type { ApiResult, BatchCreatedData } from "./api-types";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import { inMemoryAdmin, type CatalogProduct } from "../../test/support/in-memory-admin";
import { extensionRequest, seedOfflineSession, sessionToken, useShopifyTestApp } from "../../test/support/shopify-requests";

const SHOP = "big-catalog.myshopify.com";
const SIZE = 10_000;

// Every 500th product shows a video first (as after "put the clip first"):
// its photo comes from the follow-up image lookup.
const products: CatalogProduct[] = Array.from({ length: SIZE }, (_, i) => {
  const photo = { type: "IMAGE" as const, url: `https://cdn.shopify.com/s/files/p${i + 1}.jpg` };
  return { id: i + 1, title: `Product ${i + 1}`, media: i % 500 === 0 ? [{ type: "VIDEO" as const }, photo] : [photo] };
});
const admin = inMemoryAdmin({ products, collections: [{ id: 77, title: "Everything", productIds: products.map((p) => p.id) }] });

let h: PipelineHarness;
let action: (args: ActionFunctionArgs) => Promise<Response>;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [{ shop: SHOP, concurrencyCap: 4 }],
    adminFor: async (shop) => (shop === SHOP ? admin : null),
  });
  useShopifyTestApp(h.t.db, h.ctx);
  await seedOfflineSession(h.t.db, SHOP);
  ({ action } = await import("~/routes/api.extension.collection-generate"));
});
afterAll(async () => {
  await h?.stop();
});

it("turns a 10,000-product collection into one batch of 10,000 jobs, 250 products a page", async () => {
  const request = extensionRequest("/api/extension/collection-generate", {
    token: sessionToken(SHOP),
    body: {
      collectionId: "gid://shopify/Collection/77",
      options: { prompt: "Gentle rotation, soft light", model: "kling-v3", duration: 5, aspectRatio: "1:1" },
    },
  });
  const response = await action({ request, params: {}, context: {} });
  const body = (await response.json()) as ApiResult<BatchCreatedData>;
  expect(response.status, JSON.stringify(body)).toBe(200);
  if (!body.ok) throw new Error(body.error.message);
  expect(body).toMatchObject({ created: SIZE, reused: 0, skipped: { count: 0, examples: [] } });

  expect(await h.t.db.batch.count({ where: { shop: SHOP } })).toBe(1);
  expect(await h.t.db.batch.findUniqueOrThrow({ where: { id: body.batch.id } })).toMatchObject({ source: "collection", jobCount: SIZE });
  expect(await h.t.db.videoJob.count({ where: { batchId: body.batch.id, status: "queued" } })).toBe(SIZE);
  const fallback = await h.t.db.videoJob.findFirstOrThrow({ where: { batchId: body.batch.id, productId: "gid://shopify/Product/1" } });
  expect(fallback.imageUrl).toBe("https://cdn.shopify.com/s/files/p1.jpg");

  expect(admin.collectionPageSizes).toHaveLength(SIZE / 250);
  expect(Math.max(...admin.collectionPageSizes)).toBeLessThanOrEqual(250);
  const pages = admin.calls.filter((c) => c.operationName === "CollectionProductsForVideos");
  expect(pages).toHaveLength(40);
  // Each page continues from the previous page's cursor.
  expect(pages[0].variables.after).toBeNull();
  expect(new Set(pages.map((p) => p.variables.after)).size).toBe(40);
  // The products with a video first: one follow-up lookup per page that had one.
  expect(admin.calls.filter((c) => c.operationName === "FirstProductImages")).toHaveLength(SIZE / 500);
}, 120_000);
