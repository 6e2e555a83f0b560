// shop/redact leaves no row of the shop in any table (every model the schema
// has, so a table added later is covered too) and leaves another shop's rows
// exactly as they were. The webhook only records the erase; the worker's task
// erases, is safe to run again, and finishes what a run cut off midway left.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Prisma } from "@prisma/client";
import { clipKeysFor } from "~/clips/clip-store.server";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { makeBatch, makeJob } from "../../test/support/factories";
import type { TestDatabase } from "../../test/support/database";
import { startPipelineHarness, type PipelineHarness } from "../../test/support/pipeline-harness";
import { responseOf, seedOfflineSession, useShopifyTestApp, webhookRequest } from "../../test/support/shopify-requests";
import { shopTaskEntryId } from "~/queues/queues.server";
import { runShopTask } from "./shop-task-worker.server";

const GONE = "redacted-shop.myshopify.com";
const KEPT = "kept-shop.myshopify.com";

let h: PipelineHarness;
let t: TestDatabase;
let shopRedact: (args: ActionFunctionArgs) => Promise<Response>;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 1, shops: [] });
  t = h.t;
  useShopifyTestApp(t.db, h.ctx);
  ({ action: shopRedact } = await import("~/routes/webhooks.shop.redact"));
});
afterAll(async () => {
  await h?.stop();
});

/** A shop with something in every table: session, settings, batches, jobs, events, provider callbacks, webhooks, tasks. */
async function populate(shop: string, tag: string) {
  await seedOfflineSession(t.db, shop);
  await t.db.shopSettings.create({ data: { shop, providerKeyHint: `…${tag}` } });
  await t.db.shopifyWebhook.create({ data: { webhookId: `products-delete-${tag}`, topic: "PRODUCTS_DELETE", shop } });
  await t.db.shopTask.create({ data: { id: `task-${tag}`, shop, kind: "cancel-work", finishedAt: new Date() } });
  await t.db.shopBilling.create({ data: { shop, subscriptionId: `gid://shopify/AppSubscription/${tag}` } });
  await t.db.shopCreditMonth.create({ data: { shop, month: new Date(Date.UTC(2026, 11, 1)), credits: 6 } });
  for (let b = 0; b < 2; b += 1) {
    const batch = await makeBatch(t.db, shop, { title: `${tag} batch ${b}` });
    await t.db.catalogRead.create({ data: { id: `read-${tag}-${b}`, shop, batchId: batch.id, kind: "collection", request: "{}" } });
    for (let j = 0; j < 3; j += 1) {
      const generationId = `gen-${tag}-${b}-${j}`;
      const job = await makeJob(t.db, {
        shop,
        batchId: batch.id,
        status: j === 0 ? "queued" : "rendering",
        generationId: j === 0 ? null : generationId,
      });
      await t.db.jobEvent.create({ data: { jobId: job.id, shop, toStatus: job.status, detail: "created by the test" } });
      if (j === 1) await t.db.usageCharge.create({ data: { jobId: job.id, shop, amountCents: 60, description: `${tag} clip` } });
      if (j > 0) {
        await t.db.providerCallback.create({
          data: {
            provider: "creativeai",
            deliveryKey: `creativeai:${generationId}:completed`,
            generationId,
            status: "completed",
            body: JSON.stringify({ id: generationId }),
          },
        });
      }
    }
  }
}

/** Every row of every model, as text, to search for a shop's traces. */
async function everyRow(): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    const delegate = (t.db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[
      model.name.charAt(0).toLowerCase() + model.name.slice(1)
    ];
    rows[model.name] = (await delegate.findMany()).map((row) =>
      JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value)),
    );
  }
  return rows;
}

const deliverRedact = (shop = GONE) =>
  responseOf(() =>
    shopRedact({ request: webhookRequest("shop/redact", shop, { shop_id: 954889, shop_domain: shop }), params: {}, context: {} }),
  );

it("erases everything stored for the shop and nothing of another shop", async () => {
  await populate(GONE, "gone");
  await populate(KEPT, "kept");
  // Each shop has a clip and a poster in the clip store.
  const source = path.join(os.tmpdir(), `redact-clip-${process.pid}.mp4`);
  await fs.writeFile(source, "clip bytes");
  const goneKeys = clipKeysFor({ shop: GONE, id: "clip-gone", rerenders: 0 });
  const keptKeys = clipKeysFor({ shop: KEPT, id: "clip-kept", rerenders: 0 });
  for (const key of [goneKeys.clipKey, goneKeys.posterKey, keptKeys.clipKey, keptKeys.posterKey]) {
    await h.ctx.clipStore.putFile(key, source, "video/mp4");
  }
  const keptBefore = Object.fromEntries(
    Object.entries(await everyRow()).map(([model, rows]) => [model, rows.filter((r) => r.includes(KEPT) || r.includes("gen-kept"))]),
  );
  const counts = Object.fromEntries(Object.entries(keptBefore).map(([model, rows]) => [model, rows.length]));
  expect(counts).toMatchObject({
    Session: 1,
    ShopSettings: 1,
    Batch: 2,
    VideoJob: 6,
    JobEvent: 6,
    ProviderCallback: 4,
    ShopifyWebhook: 1,
    ShopTask: 1,
    ShopBilling: 1,
    ShopCreditMonth: 1,
    UsageCharge: 2,
    CatalogRead: 2,
  });

  // Two deliveries of the event: one erase is owed, and the answer comes before it.
  for (let delivery = 0; delivery < 2; delivery += 1) expect((await deliverRedact()).status).toBe(200);
  expect(await t.db.session.count({ where: { shop: GONE } })).toBe(0);
  expect((await t.db.shopSettings.findUniqueOrThrow({ where: { shop: GONE } })).uninstalledAt).toBeInstanceOf(Date);
  expect(await t.db.videoJob.count({ where: { shop: GONE } })).toBe(6);
  const tasks = await t.db.shopTask.findMany({ where: { shop: GONE, kind: "erase-shop" } });
  expect(tasks).toHaveLength(1);
  expect(await h.ctx.queues.shopTasks.getJob(shopTaskEntryId(tasks[0].id))).toBeTruthy();

  expect(await runShopTask(t.db, tasks[0].id, h.ctx.clipStore)).toBe("finished");
  expect(await runShopTask(t.db, tasks[0].id, h.ctx.clipStore)).toBe("already-done");
  expect(await h.ctx.clipStore.size(goneKeys.clipKey)).toBeNull();
  expect(await h.ctx.clipStore.size(goneKeys.posterKey)).toBeNull();
  expect(await h.ctx.clipStore.size(keptKeys.clipKey)).toBe(10);
  expect(await h.ctx.clipStore.size(keptKeys.posterKey)).toBe(10);

  const after = await everyRow();
  for (const [model, rows] of Object.entries(after)) {
    expect(
      rows.filter((r) => r.includes(GONE) || r.includes("gen-gone")),
      `${model} still holds the redacted shop`,
    ).toEqual([]);
    expect(
      rows.filter((r) => r.includes(KEPT) || r.includes("gen-kept")),
      `${model} lost the other shop's rows`,
    ).toEqual(keptBefore[model]);
  }
});

it("finishes an erase that a previous run left half-done", async () => {
  const shop = "half-erased.myshopify.com";
  await populate(shop, "half");
  expect((await deliverRedact(shop)).status).toBe(200);
  const task = await t.db.shopTask.findFirstOrThrow({ where: { shop, kind: "erase-shop" } });
  // As a run killed after its first chunks leaves it: some jobs (with their timelines and callbacks) gone, the rest not.
  const firstJobs = await t.db.videoJob.findMany({ where: { shop }, take: 4, select: { id: true, generationId: true } });
  await t.db.providerCallback.deleteMany({
    where: { generationId: { in: firstJobs.flatMap((j) => (j.generationId ? [j.generationId] : [])) } },
  });
  await t.db.jobEvent.deleteMany({ where: { jobId: { in: firstJobs.map((j) => j.id) } } });
  await t.db.videoJob.deleteMany({ where: { id: { in: firstJobs.map((j) => j.id) } } });

  expect(await runShopTask(t.db, task.id)).toBe("finished");
  for (const [model, rows] of Object.entries(await everyRow())) {
    expect(
      rows.filter((r) => r.includes(shop) || r.includes("gen-half")),
      `${model} still holds the redacted shop`,
    ).toEqual([]);
  }
});
