// Seeding straight into the database with bulk inserts: the state a shop's
// catalog is in after its jobs were submitted, without rendering anything.
import crypto from "node:crypto";
import type { Database } from "~/db.server";
import type { BatchItem } from "~/pipeline/batches.server";
import { bulkInsert, type Row } from "./bulk-insert";
import type { BenchDatabase } from "./database";

export const BENCH_API_KEY = "bench-creativeai-key";
export const BENCH_MODEL = "kling-v3";

export async function seedShop(db: Database, shop: string, settings: { autoPublish?: boolean; concurrencyCap?: number } = {}) {
  await db.shopSettings.create({
    data: {
      shop,
      autoPublish: settings.autoPublish ?? false,
      concurrencyCap: settings.concurrencyCap ?? 4,
      // The budget check is not what these scenarios measure.
      monthlyCreditBudget: 1_000_000_000,
    },
  });
}

export function generationIdOf(index: number): string {
  return `vgen_${index.toString().padStart(8, "0")}`;
}

/**
 * `count` jobs of one shop in status "rendering", each with a generation id
 * (generationIdOf(i)) and the timeline a real job has by then
 * (queued -> submitting -> rendering), so table sizes are realistic too.
 */
export async function seedRenderingJobs(target: BenchDatabase, shop: string, count: number): Promise<void> {
  const batchId = crypto.randomUUID();
  const now = new Date();
  await target.db.batch.create({ data: { id: batchId, shop, source: "sandbox", title: "Bench catalog", jobCount: count, createdAt: now } });
  const CHUNK = 20_000;
  for (let start = 0; start < count; start += CHUNK) {
    const jobs: Row[] = [];
    const events: Row[] = [];
    for (let i = start; i < Math.min(count, start + CHUNK); i++) {
      const id = crypto.randomUUID();
      jobs.push({
        id,
        shop,
        batchId,
        productId: `gid://shopify/Product/${1_000_000 + i}`,
        productTitle: `Bench product ${i}`,
        sku: `SKU-${i}`,
        imageUrl: `https://cdn.example.com/catalog/${i}.jpg`,
        prompt: "5-second product hero shot, slow camera push, clean white sweep",
        model: BENCH_MODEL,
        duration: 5,
        aspectRatio: "16:9",
        requestKey: crypto.createHash("sha256").update(`${shop}:${i}`).digest("hex"),
        provider: "creativeai",
        status: "rendering",
        generationId: generationIdOf(i),
        submitAttempts: 1,
        estimatedCredits: 3,
        failoverUsed: false,
        createdAt: now,
        submittedAt: now,
        renderStartedAt: now,
        updatedAt: now,
      });
      events.push(
        { jobId: id, shop, fromStatus: null, toStatus: "queued", detail: "Added to “Bench catalog”", at: now },
        { jobId: id, shop, fromStatus: "queued", toStatus: "submitting", detail: "Sent to the video studio", at: now },
        { jobId: id, shop, fromStatus: "submitting", toStatus: "rendering", detail: `Rendering (${generationIdOf(i)})`, at: now },
      );
    }
    await bulkInsert(target, "VideoJob", jobs);
    await bulkInsert(target, "JobEvent", events);
  }
}

/** Batch items as the admin or a CSV import hands them to createBatch. */
export function batchItems(count: number, offset = 0): BatchItem[] {
  return [...streamedBatchItems(count, offset)];
}

/** The same items one at a time, as a CSV file, a bulk result or catalog pages hand them to createBatch. */
export function* streamedBatchItems(count: number, offset = 0): Generator<BatchItem> {
  for (let i = offset; i < offset + count; i++) {
    yield {
      productId: `gid://shopify/Product/${2_000_000 + i}`,
      productTitle: `Bench product ${i}`,
      variantId: null,
      sku: `SKU-${i}`,
      imageUrl: `https://cdn.example.com/catalog/${i}.jpg`,
      prompt: null,
      targetSurface: "shopify-pdp",
    };
  }
}

export const RENDER_OPTIONS = {
  model: BENCH_MODEL,
  duration: 5,
  aspectRatio: "16:9" as const,
  prompt: "5-second product hero shot, slow camera push",
};
