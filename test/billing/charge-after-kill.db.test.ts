// A worker process (`npm run worker`) is SIGKILLed between publishing clips
// and hearing Shopify record their usage charges: Shopify has made some usage
// records whose answers never reached the app, and other clips are live with
// their charge still queued. A new worker takes over. Afterwards Shopify
// holds exactly one usage record per live clip, at the clip's price: the
// appUsageRecordCreate idempotency key (the job id) is what keeps the charges
// sent again from being new records.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import { LIBRARY_BILLING } from "~/billing/library-billing.server";
import { clipPriceCents, USAGE_PLAN, USAGE_PLAN_CONFIG } from "~/billing/plans";
import { writeMissingCharge } from "~/billing/usage-charges.server";
import { localClipStore } from "~/clips/local-clip-store.server";
import { APP_SCOPES } from "~/config/access-scopes";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues, type PipelineQueues } from "~/queues/queues.server";
import { LIBRARY_API_VERSION } from "~/shopify-admin/library-api-version.server";
import { sendShopifyLibraryTo } from "~/shopify-admin/shopify-origin.server";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { mp4 } from "../../dev/shopify-admin-emulator/test-support";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeBatch, makeJob, makeJobReadyToPublish } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";
import { startWorkerProcess, stopAllWorkerProcesses } from "../support/worker-process";

const shop = "charge-kill.myshopify.com";
const accessToken = `shpat_${crypto.randomBytes(16).toString("hex")}`;
const app = { apiKey: "charge-kill-key", apiSecret: "charge-kill-secret", scopes: APP_SCOPES };
const CLIPS = 20;
const CLIP_KEY = "charge-after-kill.mp4";
/** Clip lengths and models in turn, so the records' amounts differ. */
const CHOICES = [
  { model: "kling-v3", duration: 5 },
  { model: "kling-v3", duration: 10 },
  { model: "seedance-1.5-pro", duration: 5 },
  { model: "seedance-1.5-pro", duration: 10 },
];

let t: TestDatabase;
let emulator: AdminEmulator;
let clipDir: string;
let queues: PipelineQueues;
let connection: ReturnType<typeof workerConnection>;
let productIds: string[];
const prefix = `kill${crypto.randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  t = await createTestDatabase();
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken });
  productIds = addDemoCollection(catalog, shop, { title: "All", size: CLIPS }).productIds.map((id) => `gid://shopify/Product/${id}`);
  emulator = await startAdminEmulator({
    catalog,
    seed: 29,
    app,
    throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 },
    mediaTiming: { uploadedMs: 100, processingMs: 300 },
  });
  clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "charge-after-kill-clips-"));
  await fs.writeFile(path.join(clipDir, "source.mp4"), mp4("charge-after-kill"));
  await localClipStore(clipDir).putFile(CLIP_KEY, path.join(clipDir, "source.mp4"), "video/mp4");
  connection = workerConnection(inject("redisUrl"));
  queues = createPipelineQueues(connection, prefix);
  await t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "x", isOnline: false, accessToken, scope: APP_SCOPES } });
  await t.db.shopSettings.create({ data: { shop } });
}, 60_000);

afterAll(async () => {
  await stopAllWorkerProcesses();
  await queues?.close();
  await connection?.quit().catch(() => {});
  await emulator?.stop();
  await t?.drop();
  if (clipDir) await fs.rm(clipDir, { recursive: true, force: true });
});

/** The shop tried the app first: its free clips are used, so every clip from here on is charged. */
async function useTheFreeClips() {
  const batch = await makeBatch(t.db, shop);
  for (let i = 0; i < USAGE_PLAN_CONFIG.freeClips; i += 1) {
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "published" });
    expect(await writeMissingCharge(t.db, job.id)).toBe("free");
  }
}

/** The merchant approves the plan on the emulated admin's approval page, through the Shopify library's billing. */
async function approvePlan() {
  sendShopifyLibraryTo(emulator.url);
  const api = shopifyApi({
    apiKey: app.apiKey,
    apiSecretKey: app.apiSecret,
    apiVersion: LIBRARY_API_VERSION,
    scopes: APP_SCOPES.split(","),
    hostName: "app.example.com",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
    billing: LIBRARY_BILLING,
  });
  const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken });
  const { confirmationUrl } = await api.billing.request({
    session,
    plan: USAGE_PLAN,
    isTest: true,
    returnUrl: "https://admin.example/app/billing",
    returnObject: true,
  });
  const answer = await fetch(confirmationUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: "decision=approve",
    redirect: "manual",
  });
  expect(answer.status).toBe(303);
}

const workerEnv = () => ({
  DATABASE_URL: t.url,
  REDIS_URL: inject("redisUrl"),
  QUEUE_PREFIX: prefix,
  SHOPIFY_API_KEY: app.apiKey,
  SHOPIFY_API_SECRET: app.apiSecret,
  SCOPES: app.scopes,
  SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
  CLIP_STORE: "local",
  CLIP_STORE_DIR: clipDir,
  WORKER_PUBLISH_CONCURRENCY: "5",
  // The charge sweep runs at the reconcile period: it re-sends what a killed worker left.
  RECONCILE_EVERY_SECONDS: "2",
});

it(`a worker killed between publishing ${CLIPS} clips and recording their charges leaves exactly ${CLIPS} usage records`, async () => {
  await useTheFreeClips();
  await approvePlan();
  const batch = await makeBatch(t.db, shop);
  const jobs: { id: string; model: string; duration: number }[] = [];
  for (const [i, productId] of productIds.entries()) {
    const job = await makeJobReadyToPublish(t.db, { shop, productId, batchId: batch.id, clipKey: CLIP_KEY });
    const choice = CHOICES[i % CHOICES.length];
    await t.db.videoJob.update({ where: { id: job.id }, data: choice });
    jobs.push({ ...job, ...choice });
  }

  // Shopify records each usage charge, but no answer gets back to the worker.
  const lostAnswers = emulator.billing.holdUsageRecordAnswers();
  const first = startWorkerProcess(workerEnv());
  await first.ready;
  await Promise.all(jobs.map((job) => queues.requestPublish(job.id)));
  await waitFor(async () => (await t.db.videoJob.count({ where: { id: { in: jobs.map((j) => j.id) }, status: "published" } })) === CLIPS, {
    timeoutMs: 120_000,
    what: `${CLIPS} clips live`,
  });
  await waitFor(async () => lostAnswers.held() >= 4, { timeoutMs: 60_000, what: "usage records whose answer is on its way" });

  // Killed with clips live, some charged at Shopify without the app knowing, the rest not yet sent.
  first.child.kill("SIGKILL");
  await first.exited;
  const beforeRestart = emulator.billing.usageRecordsOf(shop).length;
  expect(beforeRestart).toBeGreaterThan(0);
  expect(beforeRestart).toBeLessThan(CLIPS);
  expect(await t.db.usageCharge.count({ where: { shop, status: "recorded" } })).toBe(0);
  lostAnswers.release();

  const second = startWorkerProcess(workerEnv());
  await second.ready;
  await waitFor(async () => (await t.db.usageCharge.count({ where: { shop, status: "recorded" } })) === CLIPS, {
    timeoutMs: 150_000,
    everyMs: 500,
    what: `${CLIPS} charges recorded after the restart`,
  });

  const records = emulator.billing.usageRecordsOf(shop);
  expect(records).toHaveLength(CLIPS);
  expect(new Set(records.map((r) => r.idempotencyKey))).toEqual(new Set(jobs.map((j) => j.id)));
  for (const job of jobs) {
    expect(records.find((r) => r.idempotencyKey === job.id)?.price).toEqual({ cents: clipPriceCents(job), currencyCode: "USD" });
  }
  // 5 each of kling 5 s, kling 10 s, seedance 5 s, seedance 10 s.
  expect(records.reduce((sum, r) => sum + r.price.cents, 0)).toBe(5 * (60 + 110 + 40 + 75));
  const charges = await t.db.usageCharge.findMany({ where: { shop, jobId: { in: jobs.map((j) => j.id) } } });
  expect(charges.map((c) => c.usageRecordId).sort()).toEqual(records.map((r) => `gid://shopify/AppUsageRecord/${r.id}`).sort());
  // Every clip went live once: the kill came after publishing, and nothing published twice.
  for (const productId of productIds) expect(emulator.stats.mediaCreated[productId]).toBe(1);
}, 300_000);
