// Scenario 5. Many finished clips publishing at once against the Admin API
// emulator's leaky bucket: how much of the bucket's restore rate the gateway
// turns into useful work, how many THROTTLED answers it provoked, and whether
// any publish failed; and what Shopify's processing costs to wait for: the
// points spent on media-status checks beside those spent on the uploads
// (staged upload, attach, the crash-safe lookup), which the delayed checks
// must keep at or below.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { localClipStore } from "~/clips/local-clip-store.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { startPipelineWorkers } from "~/pipeline/workers.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { SHOP_INFO } from "~/shopify-admin/operations";
import { ADMIN_API_VERSION } from "~/shopify-admin/schema.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { mp4 } from "../../dev/shopify-admin-emulator/test-support";
import { defineScenario } from "../registry";
import { figure } from "../report";
import { round, waitFor } from "../support/stats";

const SHOP = "bench-publish.myshopify.com";
const TOKEN = "shpat_bench_publish";
/** Shopify's standard bucket. */
const BUCKET = { maximumAvailable: 1_000, restoreRate: 50 };

export default defineScenario({
  name: "publishing-throttle",
  order: 5,
  title: "Publishing under Shopify's cost-based throttling",
  async run(ctx) {
    const count = ctx.quick ? 30 : 500;
    const catalog = new Catalog();
    catalog.addShop({ domain: SHOP, accessToken: TOKEN });
    const products = addDemoCollection(catalog, SHOP, { title: "All", size: count }).productIds.map((id) => `gid://shopify/Product/${id}`);
    const emulator = await startAdminEmulator({ catalog, seed: 9, throttle: BUCKET, mediaTiming: { uploadedMs: 200, processingMs: 800 } });
    const clip = mp4("bench");
    // The publisher streams from the app's clip store: one stored clip, shared by every job.
    const clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "bench-publish-clips-"));
    const clipStore = localClipStore(path.join(clipDir, "store"));
    await fs.writeFile(path.join(clipDir, "clip.mp4"), clip);
    await clipStore.putFile("clip.mp4", path.join(clipDir, "clip.mp4"), "video/mp4");
    const target = await ctx.databases.create("publish");
    const connection = workerConnection(ctx.redisUrl);
    const queues = createPipelineQueues(connection, ctx.queuePrefix("publish"));
    const adminFor = emulatorAdminClients(emulator, target.db, connection);
    const pipeline: PipelineContext = {
      db: target.db,
      queues,
      globalCap: 1,
      renderPollAfterMs: 3_600_000,
      renderTimeoutMs: 3_600_000,
      callbackOrigin: "http://127.0.0.1:1",
      providerBaseUrls: {},
      operatorKeys: {},
      adminFor,
      clipStore,
    };
    const workers = await startPipelineWorkers(pipeline, workerConnection(ctx.redisUrl), {
      submitConcurrency: 1,
      publishConcurrency: 16,
      reconcileEveryMs: 3_600_000,
      publish: publishVideoJob,
    });
    try {
      await target.db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "bench", isOnline: false, accessToken: TOKEN } });
      await target.db.shopSettings.create({ data: { shop: SHOP } });
      const batchId = crypto.randomUUID();
      await target.db.batch.create({ data: { id: batchId, shop: SHOP, source: "sandbox", title: "publish bench", jobCount: count } });
      await target.db.videoJob.createMany({
        data: products.map((productId, i) => ({
          id: `pub-${i}`,
          shop: SHOP,
          batchId,
          productId,
          productTitle: `Product ${i}`,
          imageUrl: "https://cdn.example.com/p.jpg",
          prompt: "p",
          model: "kling-v3",
          duration: 5,
          aspectRatio: "16:9",
          requestKey: `pub-${i}`,
          provider: "creativeai",
          status: "publishing",
          generationId: `vgen_pub_${i}`,
          clipKey: "clip.mp4",
        })),
      });
      ctx.log(`publishing: ${count} clips, bucket ${BUCKET.maximumAvailable} points restoring ${BUCKET.restoreRate}/s`);
      const started = Date.now();
      for (let i = 0; i < count; i++) await queues.requestPublish(`pub-${i}`);
      await waitFor(async () => (await target.db.videoJob.count({ where: { batchId, status: "publishing" } })) === 0, {
        timeoutMs: ctx.quick ? 120_000 : 900_000,
        what: "every clip to publish",
      });
      const seconds = (Date.now() - started) / 1000;
      // Points used = what the bucket held + what it restored - what is left.
      const raw = await fetch(`${emulator.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": TOKEN },
        body: JSON.stringify({ query: SHOP_INFO }),
      });
      const left =
        ((await raw.json()) as { extensions?: { cost?: { throttleStatus?: { currentlyAvailable: number } } } }).extensions?.cost
          ?.throttleStatus?.currentlyAvailable ?? 0;
      const used = BUCKET.maximumAvailable + BUCKET.restoreRate * seconds - left;
      const perSecond = used / seconds;
      const failed = await target.db.videoJob.count({ where: { batchId, status: "failed" } });
      const published = await target.db.videoJob.count({ where: { batchId, status: "published" } });
      const points = emulator.stats.pointsByOperation;
      const checkPoints = points.ProductMediaStatus ?? 0;
      const uploadPoints = (points.StagedUploadsCreate ?? 0) + (points.AttachProductVideo ?? 0) + (points.ProductVideos ?? 0);
      const checks = await target.db.videoJob.aggregate({ where: { batchId }, _sum: { mediaChecks: true } });
      const doubles = Object.values(emulator.stats.mediaCreated).filter((n) => n > 1).length;
      const dataLoss = [
        ...(published + failed < count ? [`${count - published - failed} clips never finished publishing`] : []),
        ...(doubles > 0 ? [`${doubles} products got a clip twice`] : []),
      ];
      return {
        figures: [
          figure({
            id: "points_per_s",
            label: "Query cost used per second",
            value: round(perSecond, 1),
            unit: "pts/s",
            anchor: { value: BUCKET.restoreRate, what: "bucket restore rate" },
            goal: { op: ">=", value: BUCKET.restoreRate * 0.9 },
          }),
          figure({
            id: "throttled",
            label: "THROTTLED answers received",
            value: emulator.stats.throttled,
            unit: "",
            anchor: null,
            goal: null,
            note: `${emulator.stats.requests} Admin API requests`,
          }),
          figure({
            id: "failed",
            label: "Failed publishes",
            value: failed,
            unit: "",
            anchor: { value: 0, what: "ideal" },
            goal: { op: "<=", value: 0 },
          }),
          figure({
            id: "media_check_points",
            label: "Points spent on media-status checks, per point spent on uploads",
            value: uploadPoints > 0 ? round(checkPoints / uploadPoints, 2) : 0,
            unit: "×",
            anchor: { value: 1, what: "as many as the uploads" },
            goal: { op: "<=", value: 1 },
            note: `${checkPoints} check points, ${uploadPoints} upload points; ${checks._sum.mediaChecks ?? 0} checks for ${published} clips`,
          }),
          figure({
            id: "clips_per_min",
            label: "Clips published per minute",
            value: round((published / seconds) * 60, 1),
            unit: "/min",
            anchor: null,
            goal: null,
            note: `${published} in ${round(seconds, 1)} s`,
          }),
        ],
        dataLoss,
        notes: [`${count} publishes, 16 publish workers, bucket ${BUCKET.maximumAvailable} pts / ${BUCKET.restoreRate} per s`],
      };
    } finally {
      await workers.close();
      await queues.close();
      connection.disconnect();
      await emulator.stop();
      await fs.rm(clipDir, { recursive: true, force: true });
      await target.drop();
    }
  },
});
