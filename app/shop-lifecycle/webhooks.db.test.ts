// Shopify webhooks through their route modules, signed as Shopify signs them:
// a bad HMAC is refused and changes nothing; valid deliveries are handled and
// can be repeated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { makeBatch, makeJob } from "../../test/support/factories";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import type { TestDatabase } from "../../test/support/database";
import { responseOf, seedOfflineSession, TEST_SCOPES, useShopifyTestApp, webhookRequest } from "../../test/support/shopify-requests";
import { PRODUCT_DELETED_DETAIL } from "./product-deleted.server";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues, shopTaskEntryId } from "~/queues/queues.server";
import { runShopTask, sweepShopTasks } from "./shop-task-worker.server";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "webhook-shop.myshopify.com";
let h: PipelineHarness;
let t: TestDatabase;
const routes = {} as Record<"uninstalled" | "scopesUpdate" | "productsDelete" | "dataRequest" | "customersRedact" | "shopRedact", Action>;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 1, shops: [] });
  t = h.t;
  useShopifyTestApp(t.db, h.ctx);
  routes.uninstalled = (await import("~/routes/webhooks.app.uninstalled")).action;
  routes.scopesUpdate = (await import("~/routes/webhooks.app.scopes_update")).action;
  routes.productsDelete = (await import("~/routes/webhooks.products.delete")).action;
  routes.dataRequest = (await import("~/routes/webhooks.customers.data_request")).action;
  routes.customersRedact = (await import("~/routes/webhooks.customers.redact")).action;
  routes.shopRedact = (await import("~/routes/webhooks.shop.redact")).action;
});
afterAll(async () => {
  await h?.stop();
});

const deliver = (route: Action, request: Request) => responseOf(() => route({ request, params: {}, context: {} }));

async function snapshot(shop: string) {
  return {
    settings: await t.db.shopSettings.findUnique({ where: { shop } }),
    sessions: await t.db.session.count({ where: { shop } }),
    jobs: await t.db.videoJob.findMany({ where: { shop }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    events: await t.db.jobEvent.count({ where: { shop } }),
    batches: await t.db.batch.count({ where: { shop } }),
  };
}

describe("HMAC verification", () => {
  const shop = "hmac-shop.myshopify.com";

  beforeAll(async () => {
    await seedOfflineSession(t.db, shop);
    await t.db.shopSettings.create({ data: { shop } });
    const batch = await makeBatch(t.db, shop);
    await makeJob(t.db, { shop, batchId: batch.id, status: "queued" });
    await makeJob(t.db, { shop, batchId: batch.id, status: "rendering", generationId: "gen-hmac" });
  });

  it.each([
    ["app/uninstalled", "uninstalled"],
    ["shop/redact", "shopRedact"],
    ["products/delete", "productsDelete"],
    ["customers/data_request", "dataRequest"],
    ["customers/redact", "customersRedact"],
    ["app/scopes_update", "scopesUpdate"],
  ] as const)("refuses %s with a bad X-Shopify-Hmac-Sha256 (401) and changes nothing", async (topic, route) => {
    const before = await snapshot(shop);
    const forged = webhookRequest(
      topic,
      shop,
      { id: 1000, shop_domain: shop, current: ["read_products"] },
      { secret: "someone-elses-secret" },
    );
    expect((await deliver(routes[route], forged)).status).toBe(401);
    const tampered = webhookRequest(topic, shop, { shop_domain: shop }, { hmac: "not-even-base64" });
    expect((await deliver(routes[route], tampered)).status).toBe(401);
    expect(await snapshot(shop)).toEqual(before);
  });

  it("refuses a delivery without Shopify's headers (400) and a GET (405)", async () => {
    const signed = webhookRequest("app/uninstalled", shop, {});
    const headers = new Headers(signed.headers);
    headers.delete("x-shopify-topic");
    const missingTopic = new Request(signed.url, { method: "POST", headers, body: await signed.text() });
    expect((await deliver(routes.uninstalled, missingTopic)).status).toBe(400);
    expect((await deliver(routes.uninstalled, new Request(signed.url))).status).toBe(405);
    expect((await snapshot(shop)).settings?.uninstalledAt).toBeNull();
  });

  it("accepts a correctly signed delivery: the shop stops at once, a worker cancels its jobs", async () => {
    const response = await deliver(routes.uninstalled, webhookRequest("app/uninstalled", shop, { id: 1, domain: shop }));
    expect(response.status).toBe(200);
    const after = await snapshot(shop);
    expect(after.settings?.uninstalledAt).toBeInstanceOf(Date);
    expect(after.sessions).toBe(0);
    const task = await t.db.shopTask.findFirstOrThrow({ where: { shop, kind: "cancel-work", finishedAt: null } });
    expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(task.id))).toBeTruthy();

    expect(await runShopTask(t.db, task.id)).toBe("finished");
    expect((await snapshot(shop)).jobs.map((j) => j.status)).toEqual(["cancelled", "cancelled"]);
    expect(await runShopTask(t.db, task.id)).toBe("already-done");
  });
});

describe("products/delete", () => {
  it("cancels the deleted product's unfinished jobs, renders in flight included, and nothing else", async () => {
    const batch = await makeBatch(t.db, SHOP);
    const deleted = "gid://shopify/Product/555";
    const pending = await Promise.all(
      (["queued", "submitting", "rendering", "awaiting_review", "publishing"] as const).map((status) =>
        makeJob(t.db, { shop: SHOP, batchId: batch.id, status, productId: deleted }),
      ),
    );
    const published = await makeJob(t.db, { shop: SHOP, batchId: batch.id, status: "published", productId: deleted });
    const otherProduct = await makeJob(t.db, { shop: SHOP, batchId: batch.id, status: "queued", productId: "gid://shopify/Product/556" });
    const otherShopBatch = await makeBatch(t.db, "neighbour.myshopify.com");
    const otherShop = await makeJob(t.db, {
      shop: "neighbour.myshopify.com",
      batchId: otherShopBatch.id,
      status: "queued",
      productId: deleted,
    });

    for (let delivery = 0; delivery < 2; delivery += 1) {
      const response = await deliver(routes.productsDelete, webhookRequest("products/delete", SHOP, { id: 555 }));
      expect(response.status).toBe(200);
    }

    const statusOf = async (id: string) => (await t.db.videoJob.findUniqueOrThrow({ where: { id } })).status;
    for (const job of pending) expect(await statusOf(job.id)).toBe("cancelled");
    expect(await statusOf(published.id)).toBe("published");
    expect(await statusOf(otherProduct.id)).toBe("queued");
    expect(await statusOf(otherShop.id)).toBe("queued");
    const events = await t.db.jobEvent.findMany({ where: { jobId: { in: pending.map((j) => j.id) } } });
    expect(events).toHaveLength(pending.length);
    expect(new Set(events.map((e) => e.detail))).toEqual(new Set([PRODUCT_DELETED_DETAIL]));
  });

  it("acknowledges a payload it cannot read without changing anything", async () => {
    const response = await deliver(routes.productsDelete, webhookRequest("products/delete", SHOP, { id: "not-a-number" }));
    expect(response.status).toBe(200);
  });
});

describe("compliance webhooks with no customer data stored", () => {
  it.each([
    [
      "customers/data_request",
      "dataRequest",
      { shop_id: 1, shop_domain: SHOP, customer: { id: 7, email: "c@example.com" }, orders_requested: [1] },
    ],
    [
      "customers/redact",
      "customersRedact",
      { shop_id: 1, shop_domain: SHOP, customer: { id: 7, email: "c@example.com" }, orders_to_redact: [1] },
    ],
  ] as const)("answers %s with 200", async (topic, route, payload) => {
    const response = await deliver(routes[route], webhookRequest(topic, SHOP, payload));
    expect(response.status).toBe(200);
  });
});

describe("app/scopes_update", () => {
  it("stores the scopes the shop now grants on its session", async () => {
    const shop = "scopes-shop.myshopify.com";
    await seedOfflineSession(t.db, shop);
    const response = await deliver(
      routes.scopesUpdate,
      webhookRequest("app/scopes_update", shop, { id: 1, previous: TEST_SCOPES.split(","), current: ["read_products"] }),
    );
    expect(response.status).toBe(200);
    expect((await t.db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } })).scope).toBe("read_products");
  });
});

describe("app/uninstalled while Redis is away", () => {
  it("answers, keeps the task in the database, and the periodic sweep queues it once Redis is back", async () => {
    const shop = "redis-away.myshopify.com";
    await seedOfflineSession(h.t.db, shop);
    const unreachable = producerConnection("redis://127.0.0.1:1");
    unreachable.on("error", () => {});
    const awayQueues = createPipelineQueues(unreachable, h.prefix);
    global.__catalogMotionPipeline = { ...h.ctx, queues: awayQueues };
    try {
      expect((await deliver(routes.uninstalled, webhookRequest("app/uninstalled", shop, { id: 1, domain: shop }))).status).toBe(200);
    } finally {
      global.__catalogMotionPipeline = h.ctx;
      unreachable.disconnect();
    }
    const task = await t.db.shopTask.findFirstOrThrow({ where: { shop, kind: "cancel-work", finishedAt: null } });
    expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(task.id))).toBeUndefined();

    await sweepShopTasks(t.db, h.ctx.queues);
    expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(task.id))).toBeTruthy();
  });
});
