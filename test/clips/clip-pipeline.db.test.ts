// Finished clips on their way to Shopify, on real Redis, a real database, the
// provider simulator and the Admin API emulator: each is copied into the
// app's clip store and checked before Shopify sees it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approveClip } from "~/pipeline/merchant-actions.server";
import { createBatch } from "~/pipeline/batches.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { addDemoCollection } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";

const shop = "clip-checks.myshopify.com";
const token = "shpat_clip_checks_token";
let h: PipelineHarness;
let emulator: AdminEmulator;
let productIds: string[];

beforeAll(async () => {
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken: token });
  productIds = addDemoCollection(catalog, shop, { title: "All", size: 6 }).productIds.map((id) => `gid://shopify/Product/${id}`);
  emulator = await startAdminEmulator({ catalog, seed: 4, mediaTiming: { uploadedMs: 20, processingMs: 60 } });
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [{ shop, concurrencyCap: 4, autoPublish: false }],
    adminFor: async () => createAdminGateway({ shop, accessToken: token, apiOrigin: emulator.url }),
  });
  await h.startWorkers({ publish: publishVideoJob });
});
afterAll(async () => {
  await h?.stop();
  await emulator?.stop();
});

async function generate(productId: string, tag: string) {
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: tag,
    items: [{ productId, productTitle: `Mug ${tag}`, sku: `SKU-${tag}`, imageUrl: `https://cdn.example.com/${tag}.jpg` }],
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
      { what: `job in ${statuses.join(" or ")}`, timeoutMs: 60_000 },
    );
  } catch (error) {
    const events = await h.t.db.jobEvent.findMany({ where: { jobId }, orderBy: { at: "asc" } });
    throw new Error(
      `${(error as Error).message}; timeline: ${events.map((e) => `${e.fromStatus}->${e.toStatus} (${e.detail})`).join(", ")}`,
    );
  }
}

describe("the clip store and the checks before upload", () => {
  it("keeps a clip in review after the provider's URL is gone, plays it from the store and publishes it after approval", async () => {
    const jobId = await generate(productIds[0], "kept");
    const waiting = await settledIn(jobId, ["awaiting_review", "failed"]);
    expect(waiting.status, waiting.errorMessage ?? "").toBe("awaiting_review");
    expect(waiting.clipKey).toBeTruthy();
    expect(waiting.posterKey).toBeTruthy();
    expect(waiting.clipBytes).toBeGreaterThan(1000);

    const poster = await h.ctx.clipStore.get(waiting.posterKey!);
    const posterBytes = Buffer.from(await new Response(poster!.body as unknown as ReadableStream).arrayBuffer());
    expect(posterBytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(true);

    // The provider forgets the render: its output URL now answers 404, as an expired link does.
    const providerUrl = waiting.outputUrl!;
    h.simulator.reset();
    expect((await fetch(providerUrl)).status).toBe(404);
    expect(await h.ctx.clipStore.size(waiting.clipKey!)).toBe(waiting.clipBytes);

    expect(await approveClip(h.t.db, h.ctx.queues, shop, jobId)).toBe(true);
    const live = await settledIn(jobId, ["published", "failed"]);
    expect(live.status, live.errorMessage ?? "").toBe("published");
    expect(emulator.stats.mediaCreated[productIds[0]]).toBe(1);
    const video = emulator.catalog.videosOf(Number(productIds[0].split("/").pop()))[0];
    expect(video.alt).toBe("AI-generated video of Mug kept");
    expect(video.video?.filename).toBe(`catalog-motion-${jobId}.mp4`);
  }, 90_000);

  it("renders a clip that is not a video once more, then fails it with a reason and never calls Shopify", async () => {
    h.simulator.setFaults({ invalidVideoRate: 1 });
    const stagedBefore = emulator.stats.stagedUploadsCreated;
    const jobId = await generate(productIds[1], "broken");
    const failed = await settledIn(jobId, ["failed", "awaiting_review", "published"]);
    h.simulator.setFaults({ invalidVideoRate: 0 });
    expect(failed.status).toBe("failed");
    expect(failed.errorCode).toBe("clip_invalid");
    expect(failed.errorMessage).toBe(
      "The file is not a video the app can read, again after a second render. Try another photo or prompt, then retry.",
    );
    expect(failed.rerenders).toBe(1);
    expect(failed.clipKey).toBeNull();
    const events = await h.t.db.jobEvent.findMany({ where: { jobId }, orderBy: { at: "asc" } });
    expect(events.filter((e) => e.fromStatus === "checking" && e.toStatus === "queued")).toHaveLength(1);
    expect(emulator.stats.stagedUploadsCreated).toBe(stagedBefore);
    expect(emulator.stats.mediaCreated[productIds[1]]).toBeUndefined();
  }, 90_000);
});
