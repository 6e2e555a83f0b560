// The whole offline-token life on the emulator, through the Shopify library's
// own paths: the app's authenticate.admin installs the shop by token exchange
// from a session token the admin would sign, the session lands through
// PrismaSessionStorage, the Admin API answers; then the expiring offline token
// runs out and four worker processes (`npm run worker`) publish clips for the
// shop at once: Shopify sees exactly one refresh and every publish succeeds.
// Afterwards the app is uninstalled: publishing stops with "no access" at the
// first refused refresh, without retries.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, expect, it } from "vitest";
import { inject } from "vitest";
import { resetEnvForTests } from "~/config/env.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues, type PipelineQueues } from "~/queues/queues.server";
import { APP_SCOPES } from "~/config/access-scopes";
import { ADMIN_API_VERSION } from "~/shopify-admin/schema.server";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { mp4 } from "../../dev/shopify-admin-emulator/test-support";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeBatch, makeJobReadyToPublish } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";
import { startWorkerProcess, stopAllWorkerProcesses, type WorkerProcess } from "../support/worker-process";
import { localClipStore } from "~/clips/local-clip-store.server";

const shop = "token-refresh.myshopify.com";
const app = { apiKey: "install-test-key", apiSecret: "install-test-secret", scopes: APP_SCOPES };
const WORKERS = 4;

let t: TestDatabase;
let emulator: AdminEmulator;
let files: http.Server;
let filesOrigin: string;
// Publishing reads clips from the app's clip store: every job here publishes the same stored clip.
let clipDir: string;
const CLIP_KEY = "install-and-refresh.mp4";
let queues: PipelineQueues;
let connection: ReturnType<typeof workerConnection>;
let productIds: string[];
let workers: WorkerProcess[] = [];
const prefix = `auth${crypto.randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  t = await createTestDatabase();
  const catalog = new Catalog();
  // The catalog's own token is never given to the app: it installs through token exchange.
  catalog.addShop({ domain: shop, accessToken: `shpat_${crypto.randomBytes(16).toString("hex")}` });
  productIds = addDemoCollection(catalog, shop, { title: "All", size: 40 }).productIds.map((id) => `gid://shopify/Product/${id}`);
  emulator = await startAdminEmulator({
    catalog,
    seed: 13,
    app,
    tokenLifetimes: { offlineAccessSeconds: 2 },
    throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 },
    mediaTiming: { uploadedMs: 100, processingMs: 300 },
  });
  const clip = mp4("install-and-refresh");
  files = http.createServer((request, response) => {
    response.writeHead(200, { "content-type": "video/mp4", "content-length": clip.length });
    response.end(request.method === "HEAD" ? undefined : clip);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "install-and-refresh-clips-"));
  await fs.writeFile(path.join(clipDir, "source.mp4"), clip);
  await localClipStore(clipDir).putFile(CLIP_KEY, path.join(clipDir, "source.mp4"), "video/mp4");
  filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  connection = workerConnection(inject("redisUrl"));
  queues = createPipelineQueues(connection, prefix);
  await t.db.shopSettings.create({ data: { shop } });
}, 60_000);

afterAll(async () => {
  await stopAllWorkerProcesses();
  await queues?.close();
  await connection?.quit().catch(() => {});
  await emulator?.stop();
  await new Promise((resolve) => files?.close(resolve));
  await t?.drop();
  if (clipDir) await fs.rm(clipDir, { recursive: true, force: true });
});

/** The app's own Shopify module, on this test's database and pointed at the emulator. */
async function theApp() {
  Object.assign(process.env, {
    SHOPIFY_API_KEY: app.apiKey,
    SHOPIFY_API_SECRET: app.apiSecret,
    SCOPES: app.scopes,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
  });
  resetEnvForTests();
  global.__catalogMotionDb = t.db;
  return import("~/shopify.server");
}

async function publishingJobs(productGids: string[]) {
  const batch = await makeBatch(t.db, shop);
  return Promise.all(
    productGids.map((productId) =>
      makeJobReadyToPublish(t.db, {
        shop,
        productId,
        batchId: batch.id,
        outputUrl: `${filesOrigin}/${crypto.randomUUID()}.mp4`,
        clipKey: CLIP_KEY,
      }),
    ),
  );
}

async function adminApiAnswers(accessToken: string): Promise<number> {
  const response = await fetch(`${emulator.url}/${shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  await response.arrayBuffer();
  return response.status;
}

async function allSettled(ids: string[], what: string) {
  await waitFor(async () => (await t.db.videoJob.count({ where: { id: { in: ids }, status: "publishing" } })) === 0, {
    timeoutMs: 150_000,
    what,
  });
  return t.db.videoJob.findMany({ where: { id: { in: ids } } });
}

it("installs by token exchange, and after the token expired four workers publish with exactly one refresh", async () => {
  const { authenticate } = await theApp();
  const sessionToken = await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret, userId: "7" });
  const { admin, session } = await authenticate.admin(
    new Request("http://localhost:3000/app", { headers: { authorization: `Bearer ${sessionToken}` } }),
  );
  expect(session).toMatchObject({ shop, isOnline: false, refreshToken: expect.stringMatching(/^shprt_/) });
  const answer = await admin.graphql("#graphql\n  query InstalledShop { shop { name } }");
  expect(answer.status).toBe(200);

  const storage = new PrismaSessionStorage(t.db);
  const installed = await storage.loadSession(`offline_${shop}`);
  expect(installed).toMatchObject({ accessToken: session.accessToken, refreshToken: session.refreshToken });
  expect(installed!.expires!.getTime()).toBeLessThanOrEqual(Date.now() + 2_000);

  await new Promise((resolve) => setTimeout(resolve, 2_500));
  expect(await adminApiAnswers(installed!.accessToken!)).toBe(401);
  // Tokens issued from now on live Shopify's hour, so one refresh is all four workers need.
  emulator.tokens.setLifetimes({ offlineAccessSeconds: 3600 });
  const unauthorizedBefore = emulator.stats.unauthorized;

  const env = {
    NODE_ENV: "test",
    DATABASE_URL: t.url,
    REDIS_URL: inject("redisUrl"),
    QUEUE_PREFIX: prefix,
    SHOPIFY_API_KEY: app.apiKey,
    SHOPIFY_API_SECRET: app.apiSecret,
    SCOPES: app.scopes,
    SHOPIFY_ADMIN_API_ORIGIN: emulator.url,
    CLIP_SOURCE_DEV_ORIGINS: filesOrigin,
    CLIP_STORE: "local",
    CLIP_STORE_DIR: clipDir,
    WORKER_PUBLISH_CONCURRENCY: "4",
    RECONCILE_EVERY_SECONDS: "3600",
  };
  workers = Array.from({ length: WORKERS }, () => startWorkerProcess(env));
  await Promise.all(workers.map((worker) => worker.ready));

  const jobs = await publishingJobs(productIds.slice(0, 24));
  await Promise.all(jobs.map((job) => queues.requestPublish(job.id)));
  const rows = await allSettled(
    jobs.map((job) => job.id),
    "24 publishes from four workers",
  );

  expect(rows.filter((row) => row.status !== "published").map((row) => `${row.status}: ${row.errorMessage}`)).toEqual([]);
  for (const productId of productIds.slice(0, 24)) expect(emulator.stats.mediaCreated[productId]).toBe(1);
  expect(emulator.tokens.countsFor(shop)).toEqual({ exchanges: 1, refreshes: 1, retriedRefreshes: 0, refusedRefreshes: 0 });
  // No worker sent the expired token: each renewed (or read the renewed token) before calling.
  expect(emulator.stats.unauthorized).toBe(unauthorizedBefore);
  const renewed = await storage.loadSession(`offline_${shop}`);
  expect(renewed!.accessToken).not.toBe(installed!.accessToken);
  expect(renewed!.refreshToken).not.toBe(installed!.refreshToken);
  expect(renewed!.expires!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
  const output = workers.map((worker) => worker.output()).join("");
  expect(output.match(/renewed the shop's offline access token/g)).toHaveLength(1);
  expect(output).not.toContain(renewed!.accessToken!);
  expect(output).not.toContain(renewed!.refreshToken!);
}, 240_000);

it("after an uninstall, the first refused refresh stops the shop's publishing with a clear status and no retry", async () => {
  expect(workers).toHaveLength(WORKERS);
  emulator.tokens.revokeShop(shop);
  const jobs = await publishingJobs(productIds.slice(24, 36));
  await Promise.all(jobs.map((job) => queues.requestPublish(job.id)));
  const rows = await allSettled(
    jobs.map((job) => job.id),
    "12 publishes after the uninstall",
  );

  for (const row of rows) {
    expect(row.status).toBe("failed");
    expect(row.errorCode).toBe("no_shop_access");
    expect(row.errorMessage).toBe(
      "The app no longer has access to your store. Open Catalog Motion from Shopify admin to reconnect, then retry.",
    );
  }
  expect(emulator.tokens.countsFor(shop)).toMatchObject({ refreshes: 1, refusedRefreshes: 1 });
  expect(await t.db.session.count({ where: { shop, isOnline: false } })).toBe(0);
  for (const productId of productIds.slice(24, 36)) expect(emulator.stats.mediaCreated[productId]).toBeUndefined();
  const published = await queues.publish.getJobs(["completed", "failed"]);
  const ours = published.filter((job) => jobs.some((row) => row.id === job.data.videoJobId));
  expect(ours.map((job) => job.attemptsMade)).toEqual(ours.map(() => 1));
}, 200_000);
