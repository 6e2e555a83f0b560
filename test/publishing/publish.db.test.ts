// Publishing against the Admin API emulator (the real 2026-10 schema), with a
// real Redis and database: throttled bulk publishing, crash-resume without a
// second clip, and Shopify's media error carried to the merchant.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { PipelineContext } from "~/pipeline/context.server";
import { startPipelineWorkers, type PipelineWorkers } from "~/pipeline/workers.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { localClipStore } from "~/clips/local-clip-store.server";
import type { ClipStore } from "~/clips/clip-store.server";
import { altTextFor, attachClip, clipFilenameFor } from "~/publishing/attach-media.server";
import { uploadClip } from "~/publishing/staged-upload.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { mp4 } from "../../dev/shopify-admin-emulator/test-support";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeJobReadyToPublish } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";

const shop = "publish-test.myshopify.com";
const token = "shpat_publish_test_token";
let t: TestDatabase;
let emulator: AdminEmulator;
let clipDir: string;
let clipStore: ClipStore;
let ctx: PipelineContext;
let workers: PipelineWorkers;
let productIds: string[];

beforeAll(async () => {
  t = await createTestDatabase();
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken: token });
  const collection = addDemoCollection(catalog, shop, { title: "All", size: 210 });
  productIds = collection.productIds.map((id) => `gid://shopify/Product/${id}`);
  // Shopify's smallest bucket (1,000 points, 50 per second), so 200 publishes are paced by throttling.
  emulator = await startAdminEmulator({
    catalog,
    seed: 5,
    throttle: { maximumAvailable: 1000, restoreRate: 50 },
    mediaTiming: { uploadedMs: 100, processingMs: 300 },
  });

  // The publisher reads the app's own copy of each clip (the clip store), never the provider's URL.
  clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "publish-test-clips-"));
  clipStore = localClipStore(clipDir);
  await fs.writeFile(path.join(clipDir, "clip.mp4.source"), mp4("publish-test"));
  await fs.writeFile(path.join(clipDir, "not-a-video.mp4.source"), "<html><body>Render error page</body></html>");
  await clipStore.putFile("clip.mp4", path.join(clipDir, "clip.mp4.source"), "video/mp4");
  await clipStore.putFile("not-a-video.mp4", path.join(clipDir, "not-a-video.mp4.source"), "video/mp4");

  await t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "x", isOnline: false, accessToken: token } });
  await t.db.shopSettings.create({ data: { shop } });
  const connection = workerConnection(inject("redisUrl"));
  const queues = createPipelineQueues(connection, `pub${Date.now()}`);
  ctx = {
    db: t.db,
    queues,
    globalCap: 4,
    renderPollAfterMs: 60_000,
    renderTimeoutMs: 600_000,
    callbackOrigin: "http://127.0.0.1:1",
    providerBaseUrls: {},
    operatorKeys: {},
    adminFor: emulatorAdminClients(emulator, t.db, connection),
    mediaCheckFirstDelayMs: 200,
    clipStore,
  };
  workers = await startPipelineWorkers(ctx, workerConnection(inject("redisUrl")), {
    submitConcurrency: 1,
    publishConcurrency: 12,
    reconcileEveryMs: 60_000,
    publish: publishVideoJob,
  });
});
afterAll(async () => {
  await workers?.close();
  await ctx?.queues.close();
  await emulator?.stop();
  if (clipDir) await fs.rm(clipDir, { recursive: true, force: true });
  await t?.drop();
});

const publishingJob = (productId: string, clipKey = "clip.mp4") => makeJobReadyToPublish(t.db, { shop, productId, clipKey });

/** Waits until the job leaves "publishing" (its media checks run on the workers). */
async function settledJob(id: string) {
  await waitFor(async () => (await t.db.videoJob.findUniqueOrThrow({ where: { id } })).status !== "publishing", {
    timeoutMs: 30_000,
    what: "the publish to settle",
  });
}

describe("publishing", () => {
  it("publishes 200 clips under throttling with no failed job and one clip per product", async () => {
    const jobs = await Promise.all(productIds.slice(0, 200).map((p) => publishingJob(p)));
    for (const job of jobs) await ctx.queues.requestPublish(job.id);
    await waitFor(async () => (await t.db.videoJob.count({ where: { id: { in: jobs.map((j) => j.id) }, status: "publishing" } })) === 0, {
      timeoutMs: 170_000,
      what: "200 publishes",
    });
    const rows = await t.db.videoJob.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    expect(rows.filter((r) => r.status !== "published").map((r) => r.errorMessage)).toEqual([]);
    for (const id of productIds.slice(0, 200)) expect(emulator.stats.mediaCreated[id]).toBe(1);
    console.info(`THROTTLED answers received: ${emulator.stats.throttled}; 200 published, 0 failed`);
  }, 180_000);

  it("resumes after a crash between upload and productCreateMedia, leaving one clip", async () => {
    const productId = productIds[200];
    const job = await publishingJob(productId);
    const admin = (await ctx.adminFor(shop))!;
    const resourceUrl = await uploadClip(admin, { store: clipStore, clipKey: job.clipKey!, filename: clipFilenameFor(job.id) });
    await t.db.videoJob.update({ where: { id: job.id }, data: { stagedResourceUrl: resourceUrl } });
    await publishVideoJob(ctx, job.id);
    // The entry ends once Shopify has the video; a delayed media check finishes the job.
    await settledJob(job.id);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("published");
    expect(emulator.stats.mediaCreated[productId]).toBe(1);
  }, 60_000);

  it("resumes after a crash between productCreateMedia and READY, leaving one clip", async () => {
    const productId = productIds[201];
    const job = await publishingJob(productId);
    const admin = (await ctx.adminFor(shop))!;
    const resourceUrl = await uploadClip(admin, { store: clipStore, clipKey: job.clipKey!, filename: clipFilenameFor(job.id) });
    // Shopify created the media, but the worker died before saving its id.
    await attachClip(admin, { productId, resourceUrl, alt: altTextFor(job.productTitle, { aiGenerated: true }) });
    await publishVideoJob(ctx, job.id);
    // The entry ends once Shopify has the video; a delayed media check finishes the job.
    await settledJob(job.id);
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("published");
    expect(row.mediaId).toBeTruthy();
    expect(emulator.stats.mediaCreated[productId]).toBe(1);
  }, 60_000);

  it("fails a clip that is not a video with Shopify's media error in merchant words", async () => {
    const job = await publishingJob(productIds[202], "not-a-video.mp4");
    await publishVideoJob(ctx, job.id);
    // The entry ends once Shopify has the video; a delayed media check finishes the job.
    await settledJob(job.id);
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.errorCode, row.errorMessage ?? "").toBe("media_failed");
    expect(row.errorMessage).toMatch(/^Shopify could not process this video \(.+\)\. Retry, or regenerate the clip\.$/);
  }, 60_000);
});
