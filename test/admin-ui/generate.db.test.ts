// /app/generate: the loader lists the shop's products and collections through
// the Admin API, the action turns a choice into one batch, and a bad form
// creates nothing and says what is wrong with each field.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, loaderData, OTHER_SHOP, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";

let h: AdminRoutes;
let route: typeof import("~/routes/app.generate");
let productIds: string[];
let noImageId: string;
let bigCollectionId: string;
let foreignProductId: string;

const gid = (type: string, id: number) => `gid://shopify/${type}/${id}`;
const goodVideo = {
  surface: "product-page",
  prompt: "Slow push in on a white sweep",
  model: "kling-v3",
  duration: "5",
  aspectRatio: "16:9",
};

beforeAll(async () => {
  h = await startAdminRoutes();
  const products = ["Ceramic Mug", "Linen Tote", "Oak Board"].map((title, i) => h.catalog.addProduct(SHOP, { title, sku: `SKU-${i + 1}` }));
  productIds = products.map((p) => gid("Product", p.id));
  noImageId = gid("Product", h.catalog.addProduct(SHOP, { title: "Gift Card", sku: "GIFT", withImage: false }).id);
  const many = Array.from(
    { length: 400 },
    (_, i) => h.catalog.addProduct(SHOP, { title: `Poster ${String(i).padStart(3, "0")}`, sku: `POSTER-${i}` }).id,
  );
  bigCollectionId = gid("Collection", h.catalog.addCollection(SHOP, { title: "Posters", productIds: many }).id);
  h.catalog.addCollection(SHOP, { title: "Kitchen", productIds: [products[0].id] });
  foreignProductId = gid("Product", h.catalog.addProduct(OTHER_SHOP, { title: "Not yours", sku: "SKU-1" }).id);
  route = await import("~/routes/app.generate");
});
afterAll(async () => {
  await h.stop();
});

interface GenerateData {
  models: { id: string }[];
  creditsPerVideo: Record<string, Record<string, number>>;
  credits: { remaining: number; budget: number };
  surfaces: { id: string; aspectRatio: string; template: string }[];
  productPage: {
    products: { id: string; title: string; sku: string | null; imageUrl: string | null }[];
    hasNextPage: boolean;
    endCursor: string | null;
  } | null;
  collections: { id: string; title: string; productsCount: number }[] | null;
  unavailable: string | null;
}

async function batchCount() {
  return h.t.db.batch.count({ where: { shop: SHOP } });
}

describe("the generate page's loader", () => {
  it("lists the shop's products a page at a time, with image and SKU, and its collections with their size", async () => {
    const data = await loaderData<GenerateData>(route.loader, "/app/generate");
    expect(data.unavailable).toBeNull();
    expect(data.productPage?.products).toHaveLength(25);
    expect(data.productPage?.hasNextPage).toBe(true);
    const mug = data.productPage?.products.find((p) => p.title === "Ceramic Mug");
    expect(mug).toMatchObject({ sku: "SKU-1", imageUrl: expect.stringMatching(/^http/) });
    expect(data.collections).toEqual(expect.arrayContaining([expect.objectContaining({ title: "Posters", productsCount: 400 })]));

    const next = await loaderData<GenerateData>(route.loader, `/app/generate?after=${encodeURIComponent(data.productPage!.endCursor!)}`);
    expect(next.productPage?.products.map((p) => p.id)).not.toContain(data.productPage?.products[0].id);
  });

  it("searches by the merchant's words, and never shows another shop's products", async () => {
    const data = await loaderData<GenerateData>(route.loader, "/app/generate?q=linen");
    expect(data.productPage?.products.map((p) => p.title)).toEqual(["Linen Tote"]);
    const foreign = await loaderData<GenerateData>(route.loader, "/app/generate?q=yours");
    expect(foreign.productPage?.products).toEqual([]);
  });

  it("offers the shop's provider's models, the cost per video, the budget left and a template per surface", async () => {
    const data = await loaderData<GenerateData>(route.loader, "/app/generate");
    expect(data.models.map((m) => m.id)).toContain("kling-v3");
    expect(data.creditsPerVideo["kling-v3"]["5"]).toBeGreaterThan(0);
    expect(data.credits).toEqual({ spent: 0, budget: 500, remaining: 500 });
    expect(data.surfaces.map((s) => [s.id, s.aspectRatio])).toEqual([
      ["product-page", "16:9"],
      ["product-page-square", "1:1"],
      ["social", "9:16"],
    ]);
    expect(data.surfaces.every((s) => s.template.length > 3)).toBe(true);
  });
});

describe("the generate action", () => {
  it("creates one batch of the chosen products, with titles, images and SKUs read from Shopify, and opens its page", async () => {
    const response = await call(
      route.action,
      postForm("/app/generate", { mode: "products", productId: productIds.slice(0, 2), ...goodVideo }),
    );
    expect(response.status).toBe(302);
    const batchId = response.headers.get("location")?.match(/^\/app\/batches\/([^?]+)$/)?.[1];
    expect(batchId).toBeTruthy();
    const jobs = await h.t.db.videoJob.findMany({ where: { batchId }, orderBy: { sku: "asc" } });
    expect(jobs.map((j) => [j.shop, j.productTitle, j.sku, j.status, j.aspectRatio, j.targetSurface])).toEqual([
      [SHOP, "Ceramic Mug", "SKU-1", "queued", "16:9", "product-page"],
      [SHOP, "Linen Tote", "SKU-2", "queued", "16:9", "product-page"],
    ]);
    expect(jobs.every((j) => j.imageUrl.startsWith(h.emulator.url))).toBe(true);
    expect(await h.ctx.queues.dispatchRequested()).toBe(true);
  });

  it("answers at once for a whole collection of over 250 products, with a preparing batch its bulk read will fill", async () => {
    const response = await call(
      route.action,
      postForm("/app/generate", {
        mode: "collection",
        collectionId: bigCollectionId,
        ...goodVideo,
        surface: "social",
        aspectRatio: "9:16",
      }),
    );
    expect(response.status).toBe(302);
    const batchId = response.headers.get("location")!.split("/").pop()!;
    const batch = await h.t.db.batch.findUniqueOrThrow({ where: { id: batchId } });
    expect(batch).toMatchObject({ source: "collection", status: "preparing", jobCount: 0 });
    expect(batch.title).toMatch(/^Posters · 400 products · /);
    // The read, and the options every job will carry, wait for the catalog read worker.
    const read = await h.t.db.catalogRead.findUniqueOrThrow({ where: { batchId } });
    expect(read).toMatchObject({ shop: SHOP, kind: "bulk" });
    expect(JSON.parse(read.request)).toMatchObject({ options: { aspectRatio: "9:16" } });
    expect(await h.t.db.videoJob.count({ where: { batchId } })).toBe(0);
  });

  it("leaves out products without an image and says so on the batch page", async () => {
    const response = await call(
      route.action,
      postForm("/app/generate", { mode: "products", productId: [productIds[2], noImageId], ...goodVideo }),
    );
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/\?withoutImage=1$/);
  });

  it("creates nothing for another shop's product: Shopify does not know it for this shop", async () => {
    const before = await batchCount();
    const response = await call(route.action, postForm("/app/generate", { mode: "products", productId: foreignProductId, ...goodVideo }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, formError: expect.stringMatching(/no products.*Nothing was created/i) });
    expect(await batchCount()).toBe(before);
  });

  it("answers a bad form with a message per field and creates nothing", async () => {
    const before = await batchCount();
    const response = await call(
      route.action,
      postForm("/app/generate", { mode: "products", surface: "billboard", prompt: "x", model: "", duration: "7", aspectRatio: "4:3" }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, string> };
    expect(body.errors).toEqual({
      productId: "Choose at least one product",
      surface: "Choose where the video will be shown",
      prompt: "Write a prompt of at least 3 characters",
      model: "Choose a model",
      duration: "Duration must be 5 or 10 seconds",
      aspectRatio: "Aspect ratio must be 16:9, 1:1 or 9:16",
    });
    expect(await batchCount()).toBe(before);
  });

  it("refuses a model the shop's provider does not offer, and a collection that is not there", async () => {
    const before = await batchCount();
    const wrongModel = await call(
      route.action,
      postForm("/app/generate", { mode: "products", productId: productIds[0], ...goodVideo, model: "zoom-in" }),
    );
    expect(wrongModel.status).toBe(400);
    expect(await wrongModel.json()).toMatchObject({ formError: expect.stringContaining("kling-v3") });

    const gone = await call(
      route.action,
      postForm("/app/generate", { mode: "collection", collectionId: gid("Collection", 1), ...goodVideo }),
    );
    expect(gone.status).toBe(400);
    expect(await gone.json()).toMatchObject({ errors: { collectionId: "That collection is no longer in your store" } });
    expect(await batchCount()).toBe(before);
  });
});
