// What a sender on the open internet can do to the Shopify webhook routes,
// through the route modules and the library's own HMAC check:
//   - a huge body with a bad HMAC is refused after at most about 1 MB is
//     read, declared or not (nothing is buffered past the limit);
//   - a delivery of another topic is refused at every route and changes nothing;
//   - the same X-Shopify-Webhook-Id delivered three times, one after another
//     or all at once, runs once;
//   - delivery records older than Shopify's retry window are pruned, and an
//     unfinished shop task whose queue entry was lost is queued again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { WEBHOOK_BODY_LIMIT as MAX_SHOPIFY_WEBHOOK_BYTES } from "~/security/body-limits.server";
import { shopTaskEntryId } from "~/queues/queues.server";
import { sweepShopTasks } from "~/shop-lifecycle/shop-task-worker.server";
import { HANDLED_WEBHOOK_RETENTION_MS } from "~/shop-lifecycle/shop-tasks.server";
import { makeBatch, makeJob } from "../support/factories";
import { startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { responseOf, seedOfflineSession, TEST_APP_URL, useShopifyTestApp, webhookRequest } from "../support/shopify-requests";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "probed-shop.myshopify.com";
const ROUTES = [
  ["app/uninstalled", "webhooks.app.uninstalled"],
  ["app/scopes_update", "webhooks.app.scopes_update"],
  ["products/delete", "webhooks.products.delete"],
  ["customers/data_request", "webhooks.customers.data_request"],
  ["customers/redact", "webhooks.customers.redact"],
  ["shop/redact", "webhooks.shop.redact"],
] as const;
type Topic = (typeof ROUTES)[number][0];

let h: PipelineHarness;
const routes = {} as Record<Topic, Action>;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 1, shops: [] });
  useShopifyTestApp(h.t.db, h.ctx);
  // After useShopifyTestApp: the library reads the app's secret when first imported.
  for (const [topic, module] of ROUTES) routes[topic] = (await import(`~/routes/${module}.tsx`)).action;
  await seedOfflineSession(h.t.db, SHOP);
  await h.t.db.shopSettings.create({ data: { shop: SHOP } });
  const batch = await makeBatch(h.t.db, SHOP);
  await makeJob(h.t.db, { shop: SHOP, batchId: batch.id, status: "queued", productId: "gid://shopify/Product/777" });
  await makeJob(h.t.db, { shop: SHOP, batchId: batch.id, status: "rendering", generationId: "gen-probed" });
});
afterAll(async () => {
  await h?.stop();
});

const deliver = (topic: Topic, request: Request) => responseOf(() => routes[topic]({ request, params: {}, context: {} }));

/** Everything a webhook could change, for the shop and in the delivery and task tables. */
async function snapshot() {
  const db = h.t.db;
  return {
    settings: await db.shopSettings.findUnique({ where: { shop: SHOP } }),
    sessions: await db.session.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" } }),
    jobs: await db.videoJob.findMany({ where: { shop: SHOP }, select: { id: true, status: true }, orderBy: { id: "asc" } }),
    events: await db.jobEvent.count({ where: { shop: SHOP } }),
    webhooks: await db.shopifyWebhook.count(),
    tasks: await db.shopTask.count(),
  };
}

/** Fields of every topic's payload at once, so any route could act on it if it let the delivery through. */
const ANY_PAYLOAD = { id: 777, domain: SHOP, shop_id: 1, shop_domain: SHOP, current: ["read_products"] };

/** A body of `bytes` made on demand, 64 KB at a time, counting what the reader pulled. */
function hugeBody(bytes: number) {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (pulled >= bytes) return controller.close();
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => pulled };
}

function streamedDelivery(topic: Topic, body: ReadableStream<Uint8Array>, declaredLength?: number): Request {
  const headers = new Headers(webhookRequest(topic, SHOP, {}, { hmac: "bm90LXRoZS1yaWdodC1obWFj" }).headers);
  if (declaredLength !== undefined) headers.set("content-length", String(declaredLength));
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
}

describe("body limit before the HMAC check", () => {
  const HUGE = 200 * 1024 * 1024;

  it.each(ROUTES.map(([topic]) => topic))(
    "%s: 200 MB with a bad HMAC is refused with 413, declared or not, reading at most the limit",
    async (topic) => {
      const before = await snapshot();
      const rssBefore = process.memoryUsage().rss;

      const declared = hugeBody(HUGE);
      expect((await deliver(topic, streamedDelivery(topic, declared.stream, HUGE))).status).toBe(413);
      // Refused on Content-Length alone: the body was never read.
      expect(declared.pulled()).toBeLessThanOrEqual(64 * 1024);

      const undeclared = hugeBody(HUGE);
      expect((await deliver(topic, streamedDelivery(topic, undeclared.stream))).status).toBe(413);
      expect(undeclared.pulled()).toBeGreaterThan(MAX_SHOPIFY_WEBHOOK_BYTES);
      expect(undeclared.pulled()).toBeLessThanOrEqual(MAX_SHOPIFY_WEBHOOK_BYTES + 2 * 64 * 1024);

      process.stdout.write(
        `${topic}: 200 MB refused, ${undeclared.pulled()} bytes read of the undeclared body, RSS ${Math.round(rssBefore / 1e6)} -> ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`,
      );
      expect(await snapshot()).toEqual(before);
    },
  );

  it("refuses a correctly signed body just over the limit (the limit comes first), and accepts one under it", async () => {
    const before = await snapshot();
    const over = { shop_id: 1, shop_domain: SHOP, padding: "x".repeat(MAX_SHOPIFY_WEBHOOK_BYTES) };
    expect((await deliver("shop/redact", webhookRequest("shop/redact", SHOP, over))).status).toBe(413);
    expect(await snapshot()).toEqual(before);

    const under = {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: 7 },
      orders_requested: [],
      padding: "x".repeat(MAX_SHOPIFY_WEBHOOK_BYTES - 1_000),
    };
    expect((await deliver("customers/data_request", webhookRequest("customers/data_request", SHOP, under))).status).toBe(200);
  });

  it("refuses a bad HMAC with 401 and records no delivery id (a forger cannot fill the table)", async () => {
    const before = await snapshot();
    for (const [topic] of ROUTES) {
      expect((await deliver(topic, webhookRequest(topic, SHOP, ANY_PAYLOAD, { secret: "not-the-app-secret" }))).status).toBe(401);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("topic checked on every route", () => {
  it.each(ROUTES.map(([topic]) => topic))("%s refuses a signed delivery of another topic (400) and changes nothing", async (route) => {
    const before = await snapshot();
    for (const [other] of ROUTES.filter(([topic]) => topic !== route)) {
      const request = webhookRequest(other, SHOP, ANY_PAYLOAD, { path: `/webhooks/${route}` });
      expect((await deliver(route, request)).status, `${other} at /webhooks/${route}`).toBe(400);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe("X-Shopify-Webhook-Id de-duplicated", () => {
  it("runs products/delete once for three deliveries of one id, even when a job was queued again in between", async () => {
    const shop = "dedupe-products.myshopify.com";
    const batch = await makeBatch(h.t.db, shop);
    const job = await makeJob(h.t.db, { shop, batchId: batch.id, status: "queued", productId: "gid://shopify/Product/9001" });
    const delivery = () => webhookRequest("products/delete", shop, { id: 9001 }, { webhookId: "products-delete-9001" });

    expect((await deliver("products/delete", delivery())).status).toBe(200);
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("cancelled");
    // The merchant retries the job; Shopify's retries of the old delivery must not cancel it again.
    await h.t.db.videoJob.update({ where: { id: job.id }, data: { status: "queued" } });
    for (let repeat = 0; repeat < 2; repeat += 1) expect((await deliver("products/delete", delivery())).status).toBe(200);

    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
    expect(await h.t.db.jobEvent.count({ where: { jobId: job.id } })).toBe(1);
    expect(await h.t.db.shopifyWebhook.count({ where: { webhookId: "products-delete-9001" } })).toBe(1);
  });

  it("runs app/scopes_update once: a late repeat does not overwrite newer scopes", async () => {
    const shop = "dedupe-scopes.myshopify.com";
    await seedOfflineSession(h.t.db, shop);
    const delivery = () =>
      webhookRequest("app/scopes_update", shop, { id: 1, previous: [], current: ["read_products"] }, { webhookId: "scopes-1" });
    expect((await deliver("app/scopes_update", delivery())).status).toBe(200);
    expect((await h.t.db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } })).scope).toBe("read_products");
    await h.t.db.session.update({ where: { id: `offline_${shop}` }, data: { scope: "read_products,write_products" } });
    for (let repeat = 0; repeat < 2; repeat += 1) expect((await deliver("app/scopes_update", delivery())).status).toBe(200);
    expect((await h.t.db.session.findUniqueOrThrow({ where: { id: `offline_${shop}` } })).scope).toBe("read_products,write_products");
  });

  it("records one uninstall for three simultaneous deliveries of one id", async () => {
    const shop = "dedupe-uninstall.myshopify.com";
    await seedOfflineSession(h.t.db, shop);
    const delivery = () => webhookRequest("app/uninstalled", shop, { id: 1, domain: shop }, { webhookId: "uninstall-once" });
    const answers = await Promise.all([0, 1, 2].map(() => deliver("app/uninstalled", delivery())));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const tasks = await h.t.db.shopTask.findMany({ where: { shop } });
    expect(tasks).toHaveLength(1);
    expect(await h.t.db.shopifyWebhook.count({ where: { webhookId: "uninstall-once" } })).toBe(1);
    expect(await h.t.db.session.count({ where: { shop } })).toBe(0);
  });

  it("runs shop/redact once for three deliveries of one id", async () => {
    const shop = "dedupe-redact.myshopify.com";
    const delivery = () => webhookRequest("shop/redact", shop, { shop_id: 2, shop_domain: shop }, { webhookId: "redact-once" });
    expect((await deliver("shop/redact", delivery())).status).toBe(200);
    const [task] = await h.t.db.shopTask.findMany({ where: { shop, kind: "erase-shop" } });
    // Finished by a worker; a repeat of the delivery must not ask for another erase.
    await h.t.db.shopTask.update({ where: { id: task.id }, data: { finishedAt: new Date() } });
    for (let repeat = 0; repeat < 2; repeat += 1) expect((await deliver("shop/redact", delivery())).status).toBe(200);
    expect(await h.t.db.shopTask.count({ where: { shop } })).toBe(1);
  });
});

describe("the periodic sweep", () => {
  it("prunes delivery records past the retry window, keeps recent ones, and queues a task whose entry was lost", async () => {
    const now = new Date();
    const old = new Date(now.getTime() - HANDLED_WEBHOOK_RETENTION_MS - 60_000);
    const recent = new Date(now.getTime() - HANDLED_WEBHOOK_RETENTION_MS + 60_000);
    await h.t.db.shopifyWebhook.createMany({
      data: [
        { webhookId: "old-1", topic: "PRODUCTS_DELETE", shop: SHOP, receivedAt: old },
        { webhookId: "old-2", topic: "APP_UNINSTALLED", shop: SHOP, receivedAt: old },
        { webhookId: "recent-1", topic: "PRODUCTS_DELETE", shop: SHOP, receivedAt: recent },
      ],
    });
    const lost = await h.t.db.shopTask.create({
      data: { id: "task-with-no-queue-entry", shop: "lost-entry.myshopify.com", kind: "cancel-work" },
    });
    expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(lost.id))).toBeUndefined();

    const sweep = await sweepShopTasks(h.t.db, h.ctx.queues, now);

    expect(sweep.prunedWebhooks).toBe(2);
    const left = (await h.t.db.shopifyWebhook.findMany({ where: { webhookId: { in: ["old-1", "old-2", "recent-1"] } } })).map(
      (w) => w.webhookId,
    );
    expect(left).toEqual(["recent-1"]);
    expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(lost.id))).toBeTruthy();
  });
});
