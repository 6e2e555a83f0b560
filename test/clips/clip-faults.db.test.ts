// Every clip fault of the provider simulator, end to end on real Redis, a
// real database, the simulator (clips rendered with ffmpeg from the product's
// own photo) and the Admin API emulator (which serves that photo): a good clip
// goes live, a drifted one waits for review even with auto-publish on, a
// frozen, damaged or wrong-shaped one is rendered once more and then fails
// with a reason, with no Shopify media created for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveClip } from "~/pipeline/merchant-actions.server";
import { createBatch } from "~/pipeline/batches.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import type { Faults } from "../../dev/video-provider-simulator/faults";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { productImageUrl } from "../../dev/shopify-admin-emulator/images";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";

const shop = "clip-faults.myshopify.com";
const token = "shpat_clip_faults_token";
let h: PipelineHarness;
let emulator: AdminEmulator;
let products: { gid: string; id: number; photo: string }[];

beforeAll(async () => {
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken: token });
  const ids = addDemoCollection(catalog, shop, { title: "All", size: 8 }).productIds;
  emulator = await startAdminEmulator({ catalog, seed: 8, mediaTiming: { uploadedMs: 20, processingMs: 60 } });
  products = ids.map((id) => ({
    gid: `gid://shopify/Product/${id}`,
    id,
    photo: productImageUrl(emulator.url, catalog.products.get(id)!.media[0].id),
  }));
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [{ shop, concurrencyCap: 4, autoPublish: true }],
    adminFor: async () => createAdminGateway({ shop, accessToken: token, apiOrigin: emulator.url }),
  });
  // The app reads the product photo (for the fidelity check) from the emulator, a development origin.
  h.ctx.clipSourceDevOrigins = [...(h.ctx.clipSourceDevOrigins ?? []), emulator.url];
  await h.startWorkers({ publish: publishVideoJob });
});
afterAll(async () => {
  await h?.stop();
  await emulator?.stop();
});

async function generate(index: number, faults: Partial<Faults>) {
  // Faults set for an earlier test are merged, not replaced: every clip fault is named each time.
  h.simulator.setFaults({ driftedClipRate: 0, frozenClipRate: 0, truncatedClipRate: 0, wrongAspectRate: 0, expiringUrlRate: 0, ...faults });
  const product = products[index];
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: `product ${index}`,
    items: [{ productId: product.gid, productTitle: `Product ${index}`, sku: `SKU-${index}`, imageUrl: product.photo }],
    options: { model: "kling-v3", duration: 5, aspectRatio: "16:9", prompt: "Slow push" },
  });
  return (await h.t.db.videoJob.findFirstOrThrow({ where: { batchId: batch.batchId } })).id;
}

async function settledIn(jobId: string, statuses: string[]) {
  try {
    return await waitFor(
      async () => {
        const job = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } });
        return statuses.includes(job.status) ? job : undefined;
      },
      { what: `job in ${statuses.join(" or ")}`, timeoutMs: 90_000 },
    );
  } catch (error) {
    const events = await h.t.db.jobEvent.findMany({ where: { jobId }, orderBy: { at: "asc" } });
    throw new Error(
      `${(error as Error).message}; timeline: ${events.map((e) => `${e.fromStatus}->${e.toStatus} (${e.detail})`).join(", ")}`,
    );
  }
}

const FINISHED = ["published", "awaiting_review", "failed"];

describe("clips from the provider simulator's faults", () => {
  it("publishes a good clip of the product with its score, poster and honest alt text", async () => {
    const jobId = await generate(0, {});
    const job = await settledIn(jobId, FINISHED);
    expect(job.status, job.errorMessage ?? job.fidelityNote ?? "").toBe("published");
    expect(job.fidelityScore).toBeGreaterThanOrEqual(0.6);
    expect(await h.ctx.clipStore.size(job.posterKey!)).toBeGreaterThan(500);
    expect(emulator.catalog.videosOf(products[0].id)[0]?.alt).toBe("AI-generated video of Product 0");
  }, 120_000);

  it("holds a drifted clip for review even with auto-publish on, saying what differs", async () => {
    const jobId = await generate(1, { driftedClipRate: 1 });
    const job = await settledIn(jobId, FINISHED);
    expect(job.status, job.errorMessage ?? "").toBe("awaiting_review");
    expect(job.fidelityScore).toBeLessThan(0.6);
    expect(job.fidelityNote).toBeTruthy();
    const events = await h.t.db.jobEvent.findMany({ where: { jobId, toStatus: "awaiting_review" } });
    expect(events[0].detail).toBe(`Held for your review: ${job.fidelityNote}`);
    expect(emulator.stats.mediaCreated[products[1].gid]).toBeUndefined();
  }, 120_000);

  it.each([
    ["frozen", 2, { frozenClipRate: 1 }, "The clip doesn't move: it shows one still picture"],
    ["truncated", 3, { truncatedClipRate: 1 }, "The clip is damaged: part of it cannot be played"],
    ["wrong-shaped", 4, { wrongAspectRate: 1 }, "The clip's shape (252 x 448) is not the 16:9 ordered"],
  ] as const)(
    "renders a %s clip once more, then fails it with a reason and no Shopify media",
    async (_kind, index, faults, problem) => {
      const stagedBefore = emulator.stats.stagedUploadsCreated;
      const jobId = await generate(index, faults);
      const job = await settledIn(jobId, FINISHED);
      const timeline = await h.t.db.jobEvent.findMany({ where: { jobId }, orderBy: { at: "asc" } });
      expect(job.status, timeline.map((e) => `${e.toStatus}: ${e.detail}`).join("; ")).toBe("failed");
      expect(job.errorCode).toBe("clip_invalid");
      expect(job.errorMessage).toBe(`${problem}, again after a second render. Try another photo or prompt, then retry.`);
      expect(job.rerenders).toBe(1);
      const renders = h.simulator.state.submissions.filter((s) => (s.body as { image_url?: string }).image_url === products[index].photo);
      expect(renders.filter((s) => s.generationId)).toHaveLength(2);
      expect(emulator.stats.stagedUploadsCreated).toBe(stagedBefore);
      expect(emulator.stats.mediaCreated[products[index].gid]).toBeUndefined();
    },
    150_000,
  );

  it("fails a clip whose URL expired before it could be copied, after retrying, and never publishes it", async () => {
    const jobId = await generate(6, { expiringUrlRate: 1, urlLifetimeSeconds: 0 });
    const job = await settledIn(jobId, FINISHED);
    expect(job.status).toBe("failed");
    expect(job.errorCode).toBe("clip_unavailable");
    expect(job.errorMessage).toBe(
      "The finished clip could not be kept: its link at the video studio has expired or the file was removed. Retry to render it again.",
    );
    expect(job.clipKey).toBeNull();
    expect(emulator.stats.mediaCreated[products[6].gid]).toBeUndefined();
  }, 150_000);

  it("plays and publishes a clip approved after the provider's URL expired", async () => {
    await h.t.db.shopSettings.update({ where: { shop }, data: { autoPublish: false } });
    const jobId = await generate(5, { expiringUrlRate: 1, urlLifetimeSeconds: 15 });
    const waiting = await settledIn(jobId, FINISHED);
    expect(waiting.status, waiting.errorMessage ?? "").toBe("awaiting_review");
    await waitFor(async () => (await fetch(waiting.outputUrl!)).status === 404, {
      what: "the provider's URL to expire",
      timeoutMs: 40_000,
    });
    expect(await h.ctx.clipStore.size(waiting.clipKey!)).toBe(waiting.clipBytes);
    expect(await approveClip(h.t.db, h.ctx.queues, shop, jobId)).toBe(true);
    const live = await settledIn(jobId, ["published", "failed"]);
    expect(live.status, live.errorMessage ?? "").toBe("published");
    expect(emulator.stats.mediaCreated[products[5].gid]).toBe(1);
    await h.t.db.shopSettings.update({ where: { shop }, data: { autoPublish: true } });
  }, 120_000);
});
