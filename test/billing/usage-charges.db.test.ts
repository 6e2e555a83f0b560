// Charging for published clips against the Admin API emulator (the real
// 2026-10 schema), a real database and a real Redis: the plan is approved on
// the emulated admin's page through the Shopify library's billing.request,
// every published clip is one usage record of its price, a crash on either
// side of Shopify's answer neither loses nor doubles a charge, the cap pauses
// sending without failing anything and a higher approved cap resumes it, and
// a shop with its own provider key is never charged.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Worker } from "bullmq";
import { BillingInterval, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { parse } from "csv-parse/sync";
import { loadJobDetail } from "~/admin-ui/job-detail.server";
import { loadBillingPage, syncFromCheck } from "~/billing/billing-page.server";
import { chargesCsvStream } from "~/billing/charges-csv.server";
import { startUsageChargeWorker } from "~/billing/charge-worker.server";
import { closeUsageChargeQueue } from "~/billing/charge-queue.server";
import { LIBRARY_BILLING } from "~/billing/library-billing.server";
import { clipPriceCents, USAGE_PLAN, USAGE_PLAN_CONFIG } from "~/billing/plans";
import { reconcileCharges } from "~/billing/reconcile-charges.server";
import { recordUsageCharge } from "~/billing/record-charge.server";
import { publishWithCharge } from "~/billing/usage-charges.server";
import { localClipStore } from "~/clips/local-clip-store.server";
import { transitionJob } from "~/jobs/state-machine.server";
import { approveClip } from "~/pipeline/merchant-actions.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { LIBRARY_API_VERSION } from "~/shopify-admin/library-api-version.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeBatch, makeJob } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";

const shops = {
  usage: "charged-shop.myshopify.com",
  capped: "capped-shop.myshopify.com",
  ownKey: "own-key-shop.myshopify.com",
  trying: "trying-shop.myshopify.com",
  approvedFirst: "approved-first-shop.myshopify.com",
};
const tokenOf = (shop: string) => `shpat_${shop.split(".")[0].replace(/-/g, "_")}`;

let t: TestDatabase;
let emulator: AdminEmulator;
let ctx: PipelineContext;
let chargeWorker: Worker;
const api = shopifyApi({
  apiKey: "emulator-app-key",
  apiSecretKey: "emulator-app-secret",
  apiVersion: LIBRARY_API_VERSION,
  scopes: ["write_products"],
  hostName: "app.example.com",
  isEmbeddedApp: true,
  logger: { level: LogSeverity.Error },
  billing: LIBRARY_BILLING,
});
const sessionOf = (shop: string) => new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: tokenOf(shop) });

/** The merchant answers Shopify's approval page in the emulated admin. */
async function approveOnAdminPage(confirmationUrl: string): Promise<void> {
  const page = await fetch(confirmationUrl);
  expect(page.status).toBe(200);
  const answer = await fetch(confirmationUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "decision=approve",
    redirect: "manual",
  });
  expect(answer.status).toBe(303);
}

async function approvePlan(shop: string, capDollars?: number): Promise<void> {
  const { confirmationUrl } = await api.billing.request({
    session: sessionOf(shop),
    plan: USAGE_PLAN,
    isTest: true,
    returnUrl: "https://admin.example/app/billing",
    returnObject: true,
    ...(capDollars ? { lineItems: [{ interval: BillingInterval.Usage, amount: capDollars }] } : {}),
  });
  await approveOnAdminPage(confirmationUrl);
  await syncFromCheck(
    t.db,
    ctx.queues,
    shop,
    await api.billing.check({ session: sessionOf(shop), plans: [USAGE_PLAN], isTest: true, returnObject: true }),
  );
}

const MODELS = [
  { model: "kling-v3", duration: 5 },
  { model: "kling-v3", duration: 10 },
  { model: "seedance-1.5-pro", duration: 5 },
  { model: "seedance-1.5-pro", duration: 10 },
];

async function jobsReadyToPublish(shop: string, count: number) {
  const batch = await makeBatch(t.db, shop);
  const jobs = [];
  for (let i = 0; i < count; i += 1) {
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "queued" });
    const choice = MODELS[i % MODELS.length];
    await t.db.videoJob.update({ where: { id: job.id }, data: { ...choice, status: "publishing" } });
    jobs.push({ ...job, ...choice });
  }
  return jobs;
}

const publish = (jobId: string) =>
  publishWithCharge(ctx, { jobId, from: ["publishing"], to: "published", detail: "Live on the product page" });

/** The shop tried the app first: its free clips are published, so every clip from here on is charged. */
async function useTheFreeClips(shop: string) {
  const tried = await jobsReadyToPublish(shop, USAGE_PLAN_CONFIG.freeClips);
  for (const job of tried) await publish(job.id);
  expect(await t.db.usageCharge.count({ where: { shop, status: "free" } })).toBe(USAGE_PLAN_CONFIG.freeClips);
}

beforeAll(async () => {
  t = await createTestDatabase();
  const catalog = new Catalog();
  for (const shop of Object.values(shops)) {
    catalog.addShop({ domain: shop, accessToken: tokenOf(shop) });
    await t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "x", isOnline: false, accessToken: tokenOf(shop) } });
    await t.db.shopSettings.create({ data: { shop } });
  }
  await t.db.shopSettings.update({ where: { shop: shops.ownKey }, data: { providerApiKey: "encrypted-key-of-the-shop" } });
  emulator = await startAdminEmulator({ catalog, seed: 19 });
  const connection = workerConnection(inject("redisUrl"));
  ctx = {
    db: t.db,
    queues: createPipelineQueues(connection, `bill${crypto.randomBytes(3).toString("hex")}`),
    globalCap: 4,
    renderPollAfterMs: 60_000,
    renderTimeoutMs: 600_000,
    callbackOrigin: "http://127.0.0.1:1",
    providerBaseUrls: {},
    operatorKeys: {},
    adminFor: emulatorAdminClients(emulator, t.db, connection),
    // Charging never reads clips.
    clipStore: localClipStore(fs.mkdtempSync(path.join(os.tmpdir(), "billing-clips-"))),
  };
  chargeWorker = startUsageChargeWorker(ctx, workerConnection(inject("redisUrl")), 60_000).worker;
});

afterAll(async () => {
  await chargeWorker.close();
  await closeUsageChargeQueue(ctx.queues);
  await ctx.queues.close();
  await emulator.stop();
  await t.drop();
});

describe("charging for published clips", () => {
  it("a shop that approved the plan is charged exactly one usage record per published clip, at its price", async () => {
    await useTheFreeClips(shops.usage);
    await approvePlan(shops.usage);
    const jobs = await jobsReadyToPublish(shops.usage, 20);
    // As the publish workers do: a few at a time.
    for (let i = 0; i < jobs.length; i += 5) await Promise.all(jobs.slice(i, i + 5).map((j) => publish(j.id)));

    await waitFor(async () => (await t.db.usageCharge.count({ where: { shop: shops.usage, status: "recorded" } })) === 20, {
      what: "20 recorded charges",
    });
    const records = emulator.billing.usageRecordsOf(shops.usage);
    expect(records).toHaveLength(20);
    expect(new Set(records.map((r) => r.idempotencyKey))).toEqual(new Set(jobs.map((j) => j.id)));
    for (const job of jobs) {
      expect(records.find((r) => r.idempotencyKey === job.id)?.price).toEqual({ cents: clipPriceCents(job), currencyCode: "USD" });
    }
    // 5 kling 5 s, 5 kling 10 s, 5 seedance 5 s, 5 seedance 10 s.
    expect(records.reduce((sum, r) => sum + r.price.cents, 0)).toBe(5 * (60 + 110 + 40 + 75));

    // The job page and the billing page's CSV say the same.
    expect((await loadJobDetail(t.db, shops.usage, jobs[1].id)).charge).toEqual({ cents: 110, currency: "USD", status: "recorded" });
    const csv = Buffer.from(await new Response(chargesCsvStream(t.db, shops.usage)).arrayBuffer());
    expect([...csv.subarray(0, 3)], "a UTF-8 byte order mark first").toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(csv.toString("utf8"), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows).toHaveLength(20 + USAGE_PLAN_CONFIG.freeClips);
    expect(rows.filter((r) => r.status === "Charged")).toHaveLength(20);
    expect(rows.find((r) => r.video_job_id === jobs[1].id)).toMatchObject({ amount: "1.10", currency: "USD", status: "Charged" });
  });

  it("a worker that died after Shopify answered, or before the charge was queued, still leaves one record per clip", async () => {
    // Died after Shopify recorded, before the row said so: the row is still pending.
    const some = await t.db.usageCharge.findMany({ where: { shop: shops.usage, status: "recorded" }, take: 5 });
    await t.db.usageCharge.updateMany({
      where: { jobId: { in: some.map((c) => c.jobId) } },
      data: { status: "pending", usageRecordId: null },
    });
    for (const charge of some) expect(await recordUsageCharge(ctx, charge.jobId)).toBe("recorded");
    // Published through a path that wrote no charge (or died before its queue entry): the sweep writes and sends it.
    const [late] = await jobsReadyToPublish(shops.usage, 1);
    await transitionJob(t.db, { jobId: late.id, from: ["publishing"], to: "published" });
    const report = await reconcileCharges(ctx, new Date(Date.now() + 60_000));
    expect(report.written).toBe(1);
    await waitFor(async () => (await t.db.usageCharge.findUnique({ where: { jobId: late.id } }))?.status === "recorded", {
      what: "late charge",
    });
    // The sweep again, and the same job published "again": nothing more.
    await reconcileCharges(ctx, new Date(Date.now() + 120_000));
    expect((await publish(late.id)).moved).toBe(false);
    const records = emulator.billing.usageRecordsOf(shops.usage);
    expect(records).toHaveLength(21);
    expect(new Set(records.map((r) => r.idempotencyKey)).size).toBe(21);
  });

  it("at the cap sending pauses with nothing failed, and a higher approved cap resumes it and sends the waiting charges", async () => {
    await useTheFreeClips(shops.capped);
    await approvePlan(shops.capped, 5);
    const published = await jobsReadyToPublish(shops.capped, 8);
    const batch = await makeBatch(t.db, shops.capped);
    const waiting = await Promise.all(
      Array.from({ length: 6 }, () => makeJob(t.db, { shop: shops.capped, batchId: batch.id, status: "queued" })),
    );
    for (const job of published) await publish(job.id);

    await waitFor(
      async () => (await t.db.shopSettings.findUnique({ where: { shop: shops.capped } }))?.sendingPausedReason === "billing_cap",
      {
        what: "the billing-cap pause",
      },
    );
    await waitFor(async () => (await t.db.usageCharge.count({ where: { shop: shops.capped, status: { not: "pending" } } })) >= 4, {
      what: "charges up to the cap",
    });
    const used = emulator.billing.usageRecordsOf(shops.capped).reduce((sum, r) => sum + r.price.cents, 0);
    expect(used).toBeLessThanOrEqual(500);
    const jobs = await t.db.videoJob.findMany({ where: { id: { in: waiting.map((j) => j.id) } } });
    expect(jobs.every((j) => j.status === "paused" && j.pausedReason === "billing_cap")).toBe(true);
    expect(await t.db.videoJob.count({ where: { shop: shops.capped, status: "failed" } })).toBe(0);
    expect(await t.db.usageCharge.count({ where: { shop: shops.capped, status: "refused" } })).toBe(0);

    // The merchant approves a higher limit: Shopify's page, then the billing page's check.
    const check = await api.billing.check({ session: sessionOf(shops.capped), plans: [USAGE_PLAN], isTest: true, returnObject: true });
    const { confirmationUrl } = await api.billing.updateUsageCappedAmount({
      session: sessionOf(shops.capped),
      subscriptionLineItemId: check.appSubscriptions[0].lineItems[0].id,
      cappedAmount: { amount: 100, currencyCode: "USD" },
    });
    await approveOnAdminPage(confirmationUrl);
    await syncFromCheck(
      t.db,
      ctx.queues,
      shops.capped,
      await api.billing.check({ session: sessionOf(shops.capped), plans: [USAGE_PLAN], isTest: true, returnObject: true }),
    );

    expect((await t.db.shopSettings.findUnique({ where: { shop: shops.capped } }))?.sendingPausedReason).toBeNull();
    const resumed = await t.db.videoJob.findMany({ where: { id: { in: waiting.map((j) => j.id) } } });
    expect(resumed.every((j) => j.status === "queued")).toBe(true);
    await waitFor(async () => (await t.db.usageCharge.count({ where: { shop: shops.capped, status: "recorded" } })) === 8, {
      what: "every capped shop's charge recorded",
    });
    expect(emulator.billing.usageRecordsOf(shops.capped)).toHaveLength(8);
  });

  it("a shop with its own provider key is never charged", async () => {
    const jobs = await jobsReadyToPublish(shops.ownKey, 4);
    for (const job of jobs) expect((await publish(job.id)).moved).toBe(true);
    await reconcileCharges(ctx, new Date(Date.now() + 60_000));
    expect(await t.db.usageCharge.count({ where: { shop: shops.ownKey } })).toBe(0);
    expect(emulator.billing.usageRecordsOf(shops.ownKey)).toHaveLength(0);
  });

  it("the free clips are the shop's first published clips, before or after it approves the plan, auto-published or approved in review", async () => {
    // Trying the app: one clip goes live by itself before the plan is approved.
    const [tried] = await jobsReadyToPublish(shops.trying, 1);
    await publish(tried.id);
    await approvePlan(shops.trying);
    // After approval: one clip the merchant approves in review, one that goes live by itself, then one more.
    const batch = await makeBatch(t.db, shops.trying);
    const reviewed = await makeJob(t.db, { shop: shops.trying, batchId: batch.id, status: "awaiting_review" });
    expect(await approveClip(t.db, null, shops.trying, reviewed.id)).toBe(true);
    await publish(reviewed.id);
    const [auto, beyond] = await jobsReadyToPublish(shops.trying, 2);
    await publish(auto.id);
    await publish(beyond.id);

    const status = async (jobId: string) => (await t.db.usageCharge.findUnique({ where: { jobId } }))?.status;
    expect([await status(tried.id), await status(reviewed.id), await status(auto.id)]).toEqual(["free", "free", "free"]);
    await waitFor(async () => (await status(beyond.id)) === "recorded", { what: "the fourth clip charged" });
    expect(emulator.billing.usageRecordsOf(shops.trying).map((r) => r.idempotencyKey)).toEqual([beyond.id]);

    // A shop that approves the plan before its first clip gets the same free clips.
    await approvePlan(shops.approvedFirst);
    const first = await jobsReadyToPublish(shops.approvedFirst, USAGE_PLAN_CONFIG.freeClips + 1);
    for (const job of first) await publish(job.id);
    expect(await t.db.usageCharge.count({ where: { shop: shops.approvedFirst, status: "free" } })).toBe(USAGE_PLAN_CONFIG.freeClips);
    await waitFor(async () => emulator.billing.usageRecordsOf(shops.approvedFirst).length === 1, { what: "one charged clip" });
    expect((await loadBillingPage(t.db, shops.approvedFirst)).freeClipsLeft).toBe(0);
  });
});
