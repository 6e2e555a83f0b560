// The extension endpoints through their Remix route modules, with real
// session tokens: valid ones are answered, bad ones get 401, preflights get
// CORS headers, and one shop never sees another's products, jobs or batches.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type {
  ApiResult,
  BatchCreatedData,
  BatchStatusData,
  CollectionActionData,
  FormOptionsData,
  JobStatusData,
  ProductActionData,
} from "./api-types";
import { Catalog, type ProductRecord } from "../../dev/shopify-admin-emulator/catalog";
import { gid } from "../../dev/shopify-admin-emulator/ids";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { putReadyVideoFirst } from "../../dev/shopify-admin-emulator/test-support";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import { clipFilenameFor } from "~/publishing/attach-media.server";
import {
  EXTENSION_ORIGIN,
  extensionRequest,
  offlineAccessToken,
  preflightRequest,
  responseOf,
  seedOfflineSession,
  sessionToken,
  useShopifyTestApp,
} from "../../test/support/shopify-requests";
import { dayOf } from "~/pipeline/batch-name.server";
import { USAGE_PLAN_CONFIG } from "~/billing/plans";

const SHOP = "extension-shop.myshopify.com";
const OTHER = "other-shop.myshopify.com";
// Both shops' stores, as the Admin API emulator serves them on the real schema.
const catalog = new Catalog();
catalog.addShop({ domain: SHOP, accessToken: offlineAccessToken(SHOP) });
catalog.addShop({ domain: OTHER, accessToken: offlineAccessToken(OTHER) });
const product = (shop: string, title: string, sku: string, withImage = true) => catalog.addProduct(shop, { title, sku, withImage });
const MUG = product(SHOP, "Ceramic mug", "MUG-1").id;
const apron = product(SHOP, "Linen apron", "APRON-1");
const APRON = apron.id;
const GIFT_CARD = product(SHOP, "Gift card", "GIFT-1", false).id;
const TEAPOT = product(SHOP, "Teapot", "TEAPOT-1").id;
const LAMP = product(OTHER, "Other shop's lamp", "LAMP-1").id;
const KITCHEN = catalog.addCollection(SHOP, { title: "Kitchen", productIds: [MUG, GIFT_CARD, TEAPOT] }).id;
const LIGHTING = catalog.addCollection(OTHER, { title: "Lighting", productIds: [LAMP] }).id;
// The apron shows a clip this app published earlier, first.
const earlierClip = putReadyVideoFirst(catalog, apron);
earlierClip.alt = "AI-generated video of Linen apron";
earlierClip.video!.filename = clipFilenameFor("job-old");

let emulator: AdminEmulator;
/** The product's photo as Shopify's API gives its address. */
const photoOf = (id: number) =>
  `${emulator.url}/product-images/${(catalog.products.get(id) as ProductRecord).media.find((m) => m.kind === "IMAGE")!.id}.png`;

type Args = LoaderFunctionArgs & ActionFunctionArgs;
type Handler = (args: Args) => Promise<Response>;
interface RouteModule {
  loader: Handler;
  action: Handler;
}

let h: PipelineHarness;
const routes = {} as Record<"form" | "product" | "generate" | "collection" | "collectionGenerate" | "job" | "batch", RouteModule>;

beforeAll(async () => {
  emulator = await startAdminEmulator({ catalog, seed: 8 });
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [
      { shop: SHOP, concurrencyCap: 4 },
      { shop: OTHER, concurrencyCap: 4 },
    ],
    adminEmulator: emulator,
  });
  useShopifyTestApp(h.t.db, h.ctx);
  await seedOfflineSession(h.t.db, SHOP);
  await seedOfflineSession(h.t.db, OTHER);
  routes.form = await import("~/routes/api.extension.form");
  routes.product = await import("~/routes/api.extension.products.$productId");
  routes.generate = await import("~/routes/api.extension.generate");
  routes.collection = await import("~/routes/api.extension.collections.$collectionId");
  routes.collectionGenerate = await import("~/routes/api.extension.collection-generate");
  routes.job = await import("~/routes/api.extension.jobs.$jobId");
  routes.batch = await import("~/routes/api.extension.batches.$batchId");
});
afterAll(async () => {
  await h?.stop();
  await emulator?.stop();
});

const OPTIONS = { prompt: "Slow push-in on a white sweep", model: "kling-v3", duration: 5, aspectRatio: "16:9" };

async function call<T>(
  route: RouteModule,
  path: string,
  options: { shop?: string; token?: string | null; body?: unknown; method?: string; params?: Record<string, string> } = {},
): Promise<{ status: number; body: ApiResult<T>; headers: Headers }> {
  const token = options.token === null ? undefined : (options.token ?? sessionToken(options.shop ?? SHOP));
  const request = extensionRequest(path, { token, body: options.body, method: options.method });
  const args = { request, params: options.params ?? {}, context: {} } as Args;
  const handler = request.method === "GET" ? route.loader : route.action;
  const response = await responseOf(() => handler(args));
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as ApiResult<T>, headers: response.headers };
}

function ok<T>(result: { status: number; body: ApiResult<T> }): T {
  expect(result.status, JSON.stringify(result.body)).toBe(200);
  if (!result.body.ok) throw new Error(result.body.error.message);
  return result.body;
}

const GET_ROUTES = [
  { name: "form", path: "/api/extension/form", params: {} },
  { name: "product", path: `/api/extension/products/${MUG}`, params: { productId: String(MUG) } },
  { name: "collection", path: `/api/extension/collections/${KITCHEN}`, params: { collectionId: String(KITCHEN) } },
  { name: "job", path: "/api/extension/jobs/unknown", params: { jobId: "unknown" } },
  { name: "batch", path: "/api/extension/batches/unknown", params: { batchId: "unknown" } },
] as const;
const POST_ROUTES = [
  { name: "generate", path: "/api/extension/generate", body: { productIds: [gid("Product", MUG)], options: OPTIONS } },
  {
    name: "collectionGenerate",
    path: "/api/extension/collection-generate",
    body: { collectionId: gid("Collection", KITCHEN), options: OPTIONS },
  },
] as const;

describe("authentication and CORS", () => {
  it.each([...GET_ROUTES, ...POST_ROUTES])("answers the preflight of $path with CORS headers", async ({ name, path }) => {
    const method = POST_ROUTES.some((r) => r.path === path) ? "POST" : "GET";
    const response = await responseOf(() =>
      routes[name].action({ request: preflightRequest(path, method), params: {}, context: {} } as Args),
    );
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("Authorization");
  });

  it.each(GET_ROUTES)("refuses $path with a token signed by someone else (401)", async ({ name, path, params }) => {
    const result = await call(routes[name], path, { params, token: sessionToken(SHOP, { secret: "not-the-app-secret" }) });
    expect(result.status).toBe(401);
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
  });

  it.each(POST_ROUTES)("refuses $path with an expired token (401) and creates nothing", async ({ name, path, body }) => {
    const before = await h.t.db.batch.count();
    const result = await call(routes[name], path, { body, token: sessionToken(SHOP, { expiresInSeconds: -120 }) });
    expect(result.status).toBe(401);
    expect(await h.t.db.batch.count()).toBe(before);
  });

  it("refuses a token minted for another app (wrong audience)", async () => {
    const result = await call(routes.form, "/api/extension/form", { token: sessionToken(SHOP, { audience: "another-app" }) });
    expect(result.status).toBe(401);
  });

  it.each(GET_ROUTES)(
    "answers $path without a session token with 401 JSON and CORS, not the login redirect pages get",
    async ({ name, path, params }) => {
      const result = await call(routes[name], path, { params, token: null });
      expect(result.status).toBe(401);
      expect(result.headers.get("access-control-allow-origin")).toBe("*");
      expect(result.body).toMatchObject({ ok: false, error: { code: "session_expired" } });
    },
  );

  it.each(POST_ROUTES)("answers $path without a session token with 401 JSON and creates nothing", async ({ name, path, body }) => {
    const before = await h.t.db.batch.count();
    const result = await call(routes[name], path, { body, token: null });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ ok: false, error: { code: "session_expired" } });
    expect(await h.t.db.batch.count()).toBe(before);
  });

  it.each(POST_ROUTES)("refuses a body over 64 KB to $path with a typed 413 and creates nothing", async ({ name, path, body }) => {
    const before = await h.t.db.batch.count();
    const result = await call(routes[name], path, { body: { ...body, padding: "x".repeat(100_000) } });
    expect(result.status).toBe(413);
    expect(result.body).toMatchObject({ ok: false, error: { code: "invalid_input" } });
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
    expect(await h.t.db.batch.count()).toBe(before);
  });

  it("answers a valid token for a shop with no stored session with 401 JSON and CORS, not an empty 500", async () => {
    const result = await call(routes.form, "/api/extension/form", { shop: "never-installed.myshopify.com" });
    expect(result.status).toBe(401);
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
    expect(result.body).toMatchObject({ ok: false, error: { code: "session_expired" } });
  });

  it("answers a valid token with CORS headers for the extension's origin", async () => {
    const result = await call<FormOptionsData>(routes.form, "/api/extension/form");
    ok(result);
    expect(result.headers.get("access-control-allow-origin")).toBe("*");
    expect(EXTENSION_ORIGIN).not.toBe(process.env.SHOPIFY_APP_URL);
  });

  it("answers a method a route does not serve with 405", async () => {
    const result = await call(routes.form, "/api/extension/form", { method: "POST", body: {} });
    expect(result.status).toBe(405);
    expect(result.body).toEqual({ ok: false, error: { code: "method_not_allowed", message: "Use GET." } });
  });
});

describe("the product page action", () => {
  it("shows the product, its photo and a form prefilled from the shop's template", async () => {
    const data = ok(
      await call<ProductActionData>(routes.product, `/api/extension/products/${MUG}`, { params: { productId: String(MUG) } }),
    );
    expect(data.product).toEqual({
      id: gid("Product", MUG),
      title: "Ceramic mug",
      imageUrl: photoOf(MUG),
    });
    expect(data.hasAppClip).toBe(false);
    expect(data.latestJob).toBeNull();
    expect(data.form.defaults).toMatchObject({ model: "kling-v3", duration: 5, aspectRatio: "16:9" });
    expect(data.form.defaults.prompt).toBe(data.form.promptByAspectRatio["16:9"]);
    expect(data.form.creditsPerVideo["kling-v3"]["5"]).toBeGreaterThan(0);
  });

  it("says when the product already has a clip from the app, and starts from its first photo", async () => {
    const data = ok(
      await call<ProductActionData>(routes.product, `/api/extension/products/${APRON}`, { params: { productId: String(APRON) } }),
    );
    expect(data.hasAppClip).toBe(true);
    expect(data.product.imageUrl).toBe(photoOf(APRON));
  });

  it("answers another shop's product exactly like a missing one (404, no details)", async () => {
    const foreign = await call(routes.product, `/api/extension/products/${LAMP}`, { params: { productId: String(LAMP) } });
    const missing = await call(routes.product, "/api/extension/products/424242", { params: { productId: "424242" } });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    expect(JSON.stringify(foreign.body)).not.toContain(String(LAMP));
  });

  it("rejects an id that is not a product id with 400", async () => {
    const result = await call(routes.product, "/api/extension/products/abc", { params: { productId: "abc" } });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ ok: false, error: { code: "invalid_input", message: "That is not a Shopify product id." } });
  });

  it("generates a video and then reports its status in the merchant's words", async () => {
    const created = ok(
      await call<BatchCreatedData>(routes.generate, "/api/extension/generate", {
        body: { productIds: [gid("Product", MUG)], source: "product-action", options: OPTIONS },
      }),
    );
    expect(created.created).toBe(1);
    expect(created.batch.title).toBe(`Video for “Ceramic mug” · ${dayOf(new Date(), "UTC")}`);
    expect(created.jobs).toHaveLength(1);
    const jobId = created.jobs[0].jobId;

    const status = ok(await call<JobStatusData>(routes.job, `/api/extension/jobs/${jobId}`, { params: { jobId } }));
    expect(status.job).toMatchObject({ id: jobId, status: "queued", statusLabel: "Queued", finished: false });
    expect(status.job.detail).toContain("Waiting for a free spot");

    const again = ok(
      await call<ProductActionData>(routes.product, `/api/extension/products/${MUG}`, { params: { productId: String(MUG) } }),
    );
    expect(again.latestJob?.id).toBe(jobId);

    // The same request again reuses the job instead of paying twice.
    const repeat = ok(
      await call<BatchCreatedData>(routes.generate, "/api/extension/generate", {
        body: { productIds: [String(MUG)], options: OPTIONS },
      }),
    );
    expect(repeat).toMatchObject({ created: 0, reused: 1, jobs: [{ productId: gid("Product", MUG), jobId }] });
  });

  it("hides another shop's job behind the same 404 as a missing one", async () => {
    const created = ok(
      await call<BatchCreatedData>(routes.generate, "/api/extension/generate", {
        shop: OTHER,
        body: { productIds: [gid("Product", LAMP)], options: OPTIONS },
      }),
    );
    const jobId = created.jobs[0].jobId;
    const foreign = await call(routes.job, `/api/extension/jobs/${jobId}`, { params: { jobId } });
    const missing = await call(routes.job, "/api/extension/jobs/no-such-job", { params: { jobId: "no-such-job" } });
    expect(foreign.status).toBe(404);
    expect(foreign.body).toEqual(missing.body);
    const batchId = created.batch.id;
    const foreignBatch = await call(routes.batch, `/api/extension/batches/${batchId}`, { params: { batchId } });
    expect(foreignBatch.status).toBe(404);
    expect(JSON.stringify(foreignBatch.body)).not.toContain(batchId);
  });

  it("refuses to generate for another shop's product (404) and creates nothing", async () => {
    const before = await h.t.db.videoJob.count({ where: { shop: SHOP } });
    const result = await call(routes.generate, "/api/extension/generate", {
      body: { productIds: [gid("Product", LAMP)], options: OPTIONS },
    });
    expect(result.status).toBe(404);
    expect(await h.t.db.videoJob.count({ where: { shop: SHOP } })).toBe(before);
  });

  it("explains a product without a photo (422)", async () => {
    const result = await call(routes.generate, "/api/extension/generate", { body: { productIds: [String(GIFT_CARD)], options: OPTIONS } });
    expect(result.status).toBe(422);
    expect(result.body).toEqual({
      ok: false,
      error: { code: "refused", message: "“Gift card” has no product photo to start a video from. Add one, then try again." },
    });
  });

  it.each([
    [{ productIds: [String(MUG)], options: { ...OPTIONS, prompt: "x" } }, "Write a prompt of at least 3 characters"],
    [{ productIds: [], options: OPTIONS }, "Choose at least one product."],
    [{ productIds: [String(MUG)], options: { ...OPTIONS, duration: 7 } }, "Duration must be 5 or 10 seconds"],
    [{ productIds: [String(MUG)] }, "The options field is missing or not valid."],
  ])("answers invalid input with 400 and a plain message (%#)", async (body, message) => {
    const result = await call(routes.generate, "/api/extension/generate", { body });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({ ok: false, error: { code: "invalid_input", message } });
  });

  it("refuses a model the shop's provider does not offer (422)", async () => {
    const result = await call(routes.generate, "/api/extension/generate", {
      body: { productIds: [String(TEAPOT)], options: { ...OPTIONS, model: "veo-9" } },
    });
    expect(result.status).toBe(422);
    expect(result.body.ok).toBe(false);
  });

  it("answers a body that is not JSON with 400", async () => {
    const request = new Request("https://catalog-motion.test/api/extension/generate", {
      method: "POST",
      headers: { authorization: `Bearer ${sessionToken(SHOP)}`, origin: EXTENSION_ORIGIN, "content-type": "application/json" },
      body: "{not json",
    });
    const response = await routes.generate.action({ request, params: {}, context: {} } as Args);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: "invalid_input" } });
  });
});

describe("the product list bulk action", () => {
  it("makes one batch of the selection and skips a product without a photo", async () => {
    const created = ok(
      await call<BatchCreatedData>(routes.generate, "/api/extension/generate", {
        body: {
          productIds: [gid("Product", APRON), gid("Product", GIFT_CARD), gid("Product", TEAPOT)],
          source: "bulk-action",
          options: { ...OPTIONS, aspectRatio: "1:1" },
        },
      }),
    );
    expect(created).toMatchObject({ created: 2, reused: 0, skipped: { count: 1, examples: [{ title: "Gift card" }] } });
    expect(created.batch.title).toBe(`Linen apron and Teapot, from the product list · 2 products · ${dayOf(new Date(), "UTC")}`);
    const batch = await h.t.db.batch.findUniqueOrThrow({ where: { id: created.batch.id } });
    expect(batch).toMatchObject({ shop: SHOP, source: "bulk-action", jobCount: 2 });
  });

  it("refuses more than 250 products at once with a way forward", async () => {
    const productIds = Array.from({ length: 251 }, (_, i) => String(i + 1));
    const result = await call(routes.generate, "/api/extension/generate", {
      body: { productIds, source: "bulk-action", options: OPTIONS },
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      ok: false,
      error: { code: "invalid_input", message: "Choose up to 250 products at a time. For more, generate videos for a collection." },
    });
  });
});

describe("the collection action", () => {
  it("shows the product count and the form before confirming", async () => {
    const data = ok(
      await call<CollectionActionData>(routes.collection, `/api/extension/collections/${KITCHEN}`, {
        params: { collectionId: String(KITCHEN) },
      }),
    );
    expect(data.collection).toEqual({ id: gid("Collection", KITCHEN), title: "Kitchen", productsCount: 3, countIsExact: true });
    expect(data.form.models.length).toBeGreaterThan(0);
  });

  it("answers another shop's collection with 404", async () => {
    const result = await call(routes.collection, `/api/extension/collections/${LIGHTING}`, { params: { collectionId: String(LIGHTING) } });
    expect(result.status).toBe(404);
    const generate = await call(routes.collectionGenerate, "/api/extension/collection-generate", {
      body: { collectionId: String(LIGHTING), options: OPTIONS },
    });
    expect(generate.status).toBe(404);
  });

  it("generates for every product with a photo and reports the batch's progress", async () => {
    const created = ok(
      await call<BatchCreatedData>(routes.collectionGenerate, "/api/extension/collection-generate", {
        body: { collectionId: gid("Collection", KITCHEN), options: { ...OPTIONS, duration: 10 } },
      }),
    );
    expect(created).toMatchObject({ created: 2, skipped: { count: 1 }, jobs: [] });
    const batchId = created.batch.id;
    const progress = ok(await call<BatchStatusData>(routes.batch, `/api/extension/batches/${batchId}`, { params: { batchId } }));
    expect(progress.batch).toMatchObject({
      id: batchId,
      title: `Collection “Kitchen” · 3 products · ${dayOf(new Date(), "UTC")}`,
      jobCount: 2,
      finished: 0,
      counts: [{ status: "queued", label: "Queued", count: 2 }],
    });
    expect(progress.batch.estimatedCredits).toBe(created.estimatedCredits);
  });
});

describe("billing holds new videos", () => {
  const BILLING_LINK = { label: "Approve the plan", appPath: "/app/billing" };

  it("once the free clips are used and no plan is approved, the form says so and generating is refused with a link to billing", async () => {
    // The other shop tried the app: its free clips went live.
    for (let i = 0; i < USAGE_PLAN_CONFIG.freeClips; i += 1) {
      await h.t.db.usageCharge.create({
        data: { jobId: `tried-${i}`, shop: OTHER, amountCents: 60, description: "5-second product video", status: "free" },
      });
    }
    const form = ok(await call<FormOptionsData>(routes.form, "/api/extension/form", { shop: OTHER })).form;
    expect(form.billingHold).toEqual({ message: expect.stringContaining("Approve the Catalog Motion plan"), link: BILLING_LINK });

    const jobsBefore = await h.t.db.videoJob.count({ where: { shop: OTHER } });
    for (const [route, path, body] of [
      [routes.generate, "/api/extension/generate", { productIds: [gid("Product", LAMP)], options: OPTIONS }],
      [routes.collectionGenerate, "/api/extension/collection-generate", { collectionId: gid("Collection", LIGHTING), options: OPTIONS }],
    ] as const) {
      const refused = await call(route, path, { shop: OTHER, body });
      expect(refused.status).toBe(402);
      expect(refused.body).toEqual({
        ok: false,
        error: { code: "billing_required", message: form.billingHold!.message, link: BILLING_LINK },
      });
    }
    expect(await h.t.db.videoJob.count({ where: { shop: OTHER } })).toBe(jobsBefore);
  });

  it("with the plan approved there is no hold; at the monthly limit the link asks for a higher one", async () => {
    await h.t.db.shopBilling.upsert({
      where: { shop: OTHER },
      create: { shop: OTHER, status: "ACTIVE", subscriptionId: "gid://shopify/AppSubscription/1", cappedAmountCents: 50_00 },
      update: { status: "ACTIVE", subscriptionId: "gid://shopify/AppSubscription/1", cappedAmountCents: 50_00, balanceUsedCents: 0 },
    });
    expect(ok(await call<FormOptionsData>(routes.form, "/api/extension/form", { shop: OTHER })).form.billingHold).toBeNull();

    await h.t.db.shopBilling.update({ where: { shop: OTHER }, data: { balanceUsedCents: 49_50 } });
    const refused = await call(routes.generate, "/api/extension/generate", {
      shop: OTHER,
      body: { productIds: [gid("Product", LAMP)], options: OPTIONS },
    });
    expect(refused.status).toBe(402);
    expect(refused.body).toMatchObject({
      ok: false,
      error: { code: "billing_required", link: { label: "Approve a higher limit", appPath: "/app/billing" } },
    });

    // A shop with its own provider key pays its provider: billing never holds it.
    await h.t.db.shopSettings.update({ where: { shop: OTHER }, data: { providerApiKey: "encrypted-key-of-the-shop" } });
    expect(ok(await call<FormOptionsData>(routes.form, "/api/extension/form", { shop: OTHER })).form.billingHold).toBeNull();
  });
});
