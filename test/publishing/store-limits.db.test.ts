// The store's own limits, on a real Redis and database against the Admin API
// emulator: the estimate before a batch (plan and hosted videos), Shopify's
// video throttle during a run (the shop's publishing waits, nothing fails),
// and a full store (sending pauses, finished clips are kept and publish once
// the merchant makes room and resumes). Media readiness is checked by delayed
// queue entries, and the reconciler finds a job whose entry was lost.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { storeVideoRoom } from "~/catalog/store-limits.server";
import type { ClipStore } from "~/clips/clip-store.server";
import { localClipStore } from "~/clips/local-clip-store.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { dispatchRound } from "~/pipeline/dispatch.server";
import { reconcile } from "~/pipeline/reconcile.server";
import { pauseReasonMessage, resumeSending } from "~/pipeline/shop-pause.server";
import { resumeWhenStoreHasRoom } from "~/catalog/store-room-resume.server";
import { startPipelineWorkers, type PipelineWorkers } from "~/pipeline/workers.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues, mediaCheckEntryId } from "~/queues/queues.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { addHostedVideos, storeLimitsOf } from "../../dev/shopify-admin-emulator/store-limits";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { makeBatch } from "../support/factories";
import { waitFor } from "../support/pipeline-harness";

const basic = "basic-store.myshopify.com";
const busy = "busy-store.myshopify.com";
const full = "full-storage.myshopify.com";
const plus = "plus-store.myshopify.com";
const shops = [basic, busy, full, plus];
let t: TestDatabase;
let emulator: AdminEmulator;
let catalog: Catalog;
let clipDir: string;
let clipStore: ClipStore;
let ctx: PipelineContext;
let workers: PipelineWorkers;
const products = new Map<string, string[]>();

beforeAll(async () => {
  t = await createTestDatabase();
  catalog = new Catalog();
  for (const shop of shops) {
    catalog.addShop({ domain: shop, accessToken: `shpat_${shop.split(".")[0]}` });
    products.set(
      shop,
      addDemoCollection(catalog, shop, { title: "All", size: 45 }).productIds.map((id) => `gid://shopify/Product/${id}`),
    );
    await t.db.session.create({
      data: { id: `offline_${shop}`, shop, state: "x", isOnline: false, accessToken: `shpat_${shop.split(".")[0]}` },
    });
    // The shop pays its own provider, so Shopify Billing (another subject) stays out of these runs.
    await t.db.shopSettings.create({ data: { shop, providerApiKey: "shop-owns-its-key" } });
  }
  const limits = storeLimitsOf(catalog);
  limits.setPlan(basic, "Basic");
  addHostedVideos(catalog, basic, 240);
  limits.setPlan(plus, "Plus");
  emulator = await startAdminEmulator({ catalog, seed: 16, mediaTiming: { uploadedMs: 100, processingMs: 300 } });

  clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "store-limits-clips-"));
  clipStore = localClipStore(clipDir);
  // Shopify (and the emulator) reads an MP4's first box; these tests are about the store, not the clip.
  await fs.writeFile(
    path.join(clipDir, "clip.source"),
    Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from("ftypisom"), Buffer.alloc(4096)]),
  );
  await clipStore.putFile("clip.mp4", path.join(clipDir, "clip.source"), "video/mp4");

  const connection = workerConnection(inject("redisUrl"));
  ctx = {
    db: t.db,
    queues: createPipelineQueues(connection, `limits${Date.now()}`),
    // Nothing here is about renders: the workers' dispatcher sends none, so queued jobs stay where the test puts them.
    globalCap: 0,
    renderPollAfterMs: 60_000,
    renderTimeoutMs: 600_000,
    settleMs: 0,
    callbackOrigin: "http://127.0.0.1:1",
    providerBaseUrls: {},
    operatorKeys: {},
    adminFor: emulatorAdminClients(emulator, t.db, connection),
    mediaCheckFirstDelayMs: 150,
    videoThrottlePauseMs: 1_000,
    clipStore,
  };
  workers = await startPipelineWorkers(ctx, workerConnection(inject("redisUrl")), {
    submitConcurrency: 1,
    publishConcurrency: 8,
    reconcileEveryMs: 600_000,
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

async function jobsFor(shop: string, count: number, status: "publishing" | "queued", from = 0) {
  const batch = await makeBatch(t.db, shop);
  const ids = products.get(shop)!.slice(from, from + count);
  // Created together, yet each a second older than the next: "the oldest go first" is about these times.
  const firstAt = Date.now() - 3_600_000;
  return Promise.all(
    ids.map((productId, i) =>
      t.db.videoJob.create({
        data: {
          id: crypto.randomUUID(),
          createdAt: new Date(firstAt + (from + i) * 1_000),
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
          status,
          ...(status === "publishing" ? { generationId: `vgen_${crypto.randomUUID()}`, clipKey: "clip.mp4" } : {}),
        },
      }),
    ),
  );
}

/** The jobs' statuses, in the order of `ids`. */
async function statusesOf(ids: string[]) {
  const rows = await t.db.videoJob.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  const byId = new Map(rows.map((r) => [r.id, r.status]));
  return ids.map((id) => byId.get(id));
}

describe("the store's limits", () => {
  it("a Basic store with 240 videos, asked for 40 more: the estimate says 10 fit, and 10 publish with none failed", async () => {
    const room = await storeVideoRoom(ctx, basic);
    expect(room).toMatchObject({ plan: "Basic", limit: 250, hosted: 240, storeVideosLeft: 10 });
    expect(room.note).toBe("Your Basic plan hosts up to 250 videos: room for 10 more.");

    const jobs = await jobsFor(basic, 10, "publishing");
    for (const job of jobs) await ctx.queues.requestPublish(job.id);
    const ids = jobs.map((j) => j.id);
    await waitFor(async () => !(await statusesOf(ids)).includes("publishing"), { timeoutMs: 30_000, what: "10 publishes" });
    expect(await statusesOf(ids)).toEqual(Array(10).fill("published"));
    expect(storeLimitsOf(catalog).hostedVideos(basic, Date.now())).toHaveLength(250);
    // Each publish looked at Shopify's processing a few times between entries, never in a loop.
    const checks = (await t.db.videoJob.findMany({ where: { id: { in: ids } }, select: { mediaChecks: true } })).map((j) => j.mediaChecks);
    expect(Math.max(...checks)).toBeLessThanOrEqual(4);
  }, 60_000);

  it("the store full: sending pauses, the finished clip is kept, and both go on once the merchant makes room and resumes", async () => {
    const [clip] = await jobsFor(basic, 1, "publishing", 10);
    const waiting = await jobsFor(basic, 3, "queued", 11);
    await ctx.queues.requestPublish(clip.id);
    await waitFor(async () => (await t.db.shopSettings.findUniqueOrThrow({ where: { shop: basic } })).sendingPausedReason !== null, {
      timeoutMs: 20_000,
      what: "the shop's sending to pause",
    });
    const settings = await t.db.shopSettings.findUniqueOrThrow({ where: { shop: basic } });
    expect(settings.sendingPausedReason).toBe("store_video_limit");
    const kept = await t.db.videoJob.findUniqueOrThrow({ where: { id: clip.id } });
    expect(kept).toMatchObject({ status: "publishing", pausedReason: "store_video_limit", clipKey: "clip.mp4", errorCode: null });
    expect(await statusesOf(waiting.map((w) => w.id))).toEqual(["paused", "paused", "paused"]);
    // Nothing is sent for the paused shop, a job queued after the pause waits with the others, and the reconciler leaves the waiting clip alone.
    const [straggler] = await jobsFor(basic, 1, "queued", 14);
    expect(await dispatchRound({ ...ctx, globalCap: 4 })).toMatchObject({ dispatched: [], pausedShops: [basic] });
    expect(await statusesOf([straggler.id])).toEqual(["paused"]);
    expect((await reconcile(ctx)).requeuedPublishes).toBe(0);
    expect(pauseReasonMessage("store_video_limit")).toMatch(/as many videos as your Shopify plan allows/);

    // Resuming before making room is refused with what to do; nothing moves.
    expect(await resumeWhenStoreHasRoom(ctx, basic)).toEqual({ ok: false, message: expect.stringMatching(/still has no room/) });
    expect(await statusesOf([...waiting, straggler].map((w) => w.id))).toEqual(["paused", "paused", "paused", "paused"]);

    // The merchant deletes three old videos in Shopify admin, then resumes: the kept clip and two of the four fit.
    for (const media of storeLimitsOf(catalog).hostedVideos(basic, Date.now()).slice(0, 3)) catalog.media.delete(media.id);
    expect(await resumeWhenStoreHasRoom(ctx, basic)).toEqual({ ok: true, resumed: 2, stillPaused: 2 });
    await waitFor(async () => (await t.db.videoJob.findUniqueOrThrow({ where: { id: clip.id } })).status === "published", {
      timeoutMs: 20_000,
      what: "the kept clip to publish",
    });
    expect((await t.db.shopSettings.findUniqueOrThrow({ where: { shop: basic } })).sendingPausedReason).toBeNull();
    expect(await t.db.videoJob.count({ where: { shop: basic, status: "failed" } })).toBe(0);
    // The oldest go first; the rest wait for more room.
    expect(await statusesOf([...waiting, straggler].map((w) => w.id))).toEqual(["queued", "queued", "paused", "paused"]);
    // Resumed jobs go back to the queue (this test has no provider, so what happens after is not its subject).
    expect((await t.db.jobEvent.findMany({ where: { jobId: waiting[0].id }, orderBy: { at: "asc" } })).map((e) => e.toStatus)).toEqual(
      expect.arrayContaining(["paused", "queued"]),
    );
  }, 60_000);

  it("Shopify's video throttle mid-run pauses the shop's publishing, then every clip publishes with none failed", async () => {
    const jobs = await jobsFor(busy, 24, "publishing");
    const ids = jobs.map((j) => j.id);
    for (const job of jobs.slice(0, 8)) await ctx.queues.requestPublish(job.id);
    await waitFor(async () => (await statusesOf(ids)).filter((s) => s === "published").length >= 4, { timeoutMs: 20_000, what: "a few" });
    storeLimitsOf(catalog).throttleVideosFor(busy, 1_500);
    for (const job of jobs.slice(8)) await ctx.queues.requestPublish(job.id);
    await waitFor(async () => (await t.db.shopSettings.findUniqueOrThrow({ where: { shop: busy } })).publishingPausedUntil !== null, {
      timeoutMs: 20_000,
      what: "the shop's publishing to pause",
    });
    await waitFor(async () => !(await statusesOf(ids)).includes("publishing"), { timeoutMs: 40_000, what: "24 publishes" });
    expect(await statusesOf(ids)).toEqual(Array(24).fill("published"));
    expect((await t.db.shopSettings.findUniqueOrThrow({ where: { shop: busy } })).sendingPausedReason).toBeNull();
    for (const id of products.get(busy)!.slice(0, 24)) expect(emulator.stats.mediaCreated[id]).toBe(1);
  }, 60_000);

  it("storage full: Shopify fails the video's processing, sending pauses for storage, and the clip is kept to upload again", async () => {
    const limits = storeLimitsOf(catalog);
    limits.setOtherFilesBytes(full, limits.storageLimit(full) - 10);
    const [clip] = await jobsFor(full, 1, "publishing");
    await ctx.queues.requestPublish(clip.id);
    await waitFor(async () => (await t.db.videoJob.findUniqueOrThrow({ where: { id: clip.id } })).pausedReason !== null, {
      timeoutMs: 20_000,
      what: "the clip to wait for storage",
    });
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: clip.id } });
    expect(row).toMatchObject({ status: "publishing", pausedReason: "file_storage_limit", mediaId: null, stagedResourceUrl: null });
    expect((await t.db.shopSettings.findUniqueOrThrow({ where: { shop: full } })).sendingPausedReason).toBe("file_storage_limit");

    limits.setOtherFilesBytes(full, 0);
    await resumeSending(t.db, full, ["file_storage_limit"], ctx.queues);
    await waitFor(async () => (await t.db.videoJob.findUniqueOrThrow({ where: { id: clip.id } })).status === "published", {
      timeoutMs: 20_000,
      what: "the clip to publish after room was made",
    });
  }, 60_000);

  it("a Plus store: the estimate says Shopify publishes no number", async () => {
    const room = await storeVideoRoom(ctx, plus);
    expect(room).toMatchObject({ plan: "Plus", limit: null, storeVideosLeft: null });
    expect(room.note).toMatch(/^Shopify publishes no video limit for the Plus plan/);
  });

  it("a job Shopify is processing whose media check entry was lost is found by the reconciler", async () => {
    const [job] = await jobsFor(plus, 1, "publishing", 40);
    // Attached, then Redis lost the delayed media check (a long first delay keeps it waiting meanwhile).
    ctx.mediaCheckFirstDelayMs = 60_000;
    await publishVideoJob(ctx, job.id);
    ctx.mediaCheckFirstDelayMs = 150;
    expect(await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "publishing", mediaChecks: 1 });
    const entry = await ctx.queues.publish.getJob(mediaCheckEntryId(job.id, 1));
    expect(entry).toBeTruthy();
    expect((await reconcile(ctx)).requeuedPublishes).toBe(0);
    await entry!.remove();
    expect((await reconcile(ctx)).requeuedPublishes).toBe(1);
    await waitFor(async () => (await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status === "published", {
      timeoutMs: 20_000,
      what: "the recovered publish",
    });
  }, 30_000);
});
