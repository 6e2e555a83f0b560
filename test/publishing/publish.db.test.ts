// Publishing against the Admin API emulator (the real 2026-10 schema), with a
// real Redis and database: throttled bulk publishing, crash-resume without a
// second clip, and Shopify's media error carried to the merchant.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { PipelineContext } from "~/pipeline/context.server";
import { startPipelineWorkers, type PipelineWorkers } from "~/pipeline/workers.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { altTextFor, attachClip } from "~/publishing/attach-media.server";
import { uploadClip } from "~/publishing/staged-upload.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { mp4 } from "../../dev/shopify-admin-emulator/test-support";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeBatch } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";

const shop = "publish-test.myshopify.com";
const token = "shpat_publish_test_token";
let t: TestDatabase;
let emulator: AdminEmulator;
let files: http.Server;
let filesOrigin: string;
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

  const clip = mp4("publish-test");
  files = http.createServer((req, res) => {
    const body = req.url?.startsWith("/not-a-video") ? Buffer.from("<html><body>Render error page</body></html>") : clip;
    res.writeHead(200, { "content-type": req.url?.startsWith("/not-a-video") ? "text/html" : "video/mp4", "content-length": body.length });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((r) => files.listen(0, "127.0.0.1", r));
  filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

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
    mediaProcessingWaitMs: 20_000,
    clipSourceDevOrigins: [filesOrigin],
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
  await new Promise((r) => files?.close(r));
  await t?.drop();
});

async function publishingJob(productId: string, file = "clip.mp4") {
  const batch = await makeBatch(t.db, shop);
  return t.db.videoJob.create({
    data: {
      id: crypto.randomUUID(),
      shop,
      batchId: batch.id,
      productId,
      productTitle: "Demo product",
      imageUrl: "https://cdn.example.com/p.jpg",
      prompt: "p",
      model: "kling-v3",
      duration: 5,
      aspectRatio: "16:9",
      requestKey: crypto.randomUUID(),
      provider: "creativeai",
      status: "publishing",
      generationId: `vgen_${crypto.randomUUID()}`,
      outputUrl: `${filesOrigin}/${file}`,
    },
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
    const resourceUrl = await uploadClip(admin, {
      outputUrl: job.outputUrl!,
      filename: `${job.id}.mp4`,
      source: { hosts: [], devOrigins: [filesOrigin] },
    });
    await t.db.videoJob.update({ where: { id: job.id }, data: { stagedResourceUrl: resourceUrl } });
    await publishVideoJob(ctx, job.id);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("published");
    expect(emulator.stats.mediaCreated[productId]).toBe(1);
  }, 60_000);

  it("resumes after a crash between productCreateMedia and READY, leaving one clip", async () => {
    const productId = productIds[201];
    const job = await publishingJob(productId);
    const admin = (await ctx.adminFor(shop))!;
    const resourceUrl = await uploadClip(admin, {
      outputUrl: job.outputUrl!,
      filename: `${job.id}.mp4`,
      source: { hosts: [], devOrigins: [filesOrigin] },
    });
    // Shopify created the media, but the worker died before saving its id.
    await attachClip(admin, { productId, resourceUrl, alt: altTextFor(job.productTitle, job.id) });
    await publishVideoJob(ctx, job.id);
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("published");
    expect(row.mediaId).toBeTruthy();
    expect(emulator.stats.mediaCreated[productId]).toBe(1);
  }, 60_000);

  it("fails a clip that is not a video with Shopify's media error in merchant words", async () => {
    const job = await publishingJob(productIds[202], "not-a-video.mp4");
    await publishVideoJob(ctx, job.id);
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe("failed");
    expect(row.errorCode, row.errorMessage ?? "").toBe("media_failed");
    expect(row.errorMessage).toMatch(/^Shopify could not process this video \(.+\)\. Retry, or regenerate the clip\.$/);
  }, 60_000);
});
