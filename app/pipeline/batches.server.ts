// Creating a batch: one video job per product/SKU, written in a few bulk
// statements, answered at once. Submission happens later, in the workers.
import crypto from "node:crypto";
import { z } from "zod";
import { dialectOf, type Database } from "~/db.server";
import { JOB_STATUSES, RETRYABLE_STATUSES } from "~/jobs/status";
import { shopSettings } from "~/settings/shop-settings.server";
import { MODELS, profileOf } from "~/providers/registry.server";
import type { ProviderName } from "~/providers/provider";
import type { PipelineQueues } from "~/queues/queues.server";
import { insertRows } from "~/db/insert-rows.server";
import { requestKeyOf } from "./request-key";

export const DURATIONS = [5, 10] as const;
export const ASPECT_RATIOS = ["16:9", "1:1", "9:16"] as const;
export const BATCH_SOURCES = ["picker", "product-action", "bulk-action", "collection", "csv", "sandbox"] as const;
/** The largest batch one request may create; bigger catalogs go in several. */
export const MAX_BATCH_SIZE = 100_000;

export const renderOptionsSchema = z.object({
  /** Checked against the shop's provider in createBatch. */
  model: z.string().trim().min(1, "Choose a model"),
  duration: z.coerce.number().refine((d) => (DURATIONS as readonly number[]).includes(d), "Duration must be 5 or 10 seconds"),
  aspectRatio: z.enum(ASPECT_RATIOS, { message: "Aspect ratio must be 16:9, 1:1 or 9:16" }),
  prompt: z.string().trim().min(3, "Write a prompt of at least 3 characters").max(1_000, "Keep the prompt under 1,000 characters"),
});
export type RenderOptions = z.infer<typeof renderOptionsSchema>;

export const batchItemSchema = z.object({
  productId: z.string().regex(/^gid:\/\/shopify\/Product\/\d+$/, "is not a Shopify product id"),
  productTitle: z.string().min(1).max(500),
  variantId: z.string().nullish(),
  sku: z.string().max(255).nullish(),
  imageUrl: z.string().url("needs a product image (https URL)"),
  /** Overrides the batch prompt (CSV manifests carry one per row). */
  prompt: z.string().trim().min(3).max(1_000).nullish(),
  targetSurface: z.string().max(64).nullish(),
});
export type BatchItem = z.infer<typeof batchItemSchema>;

export class BatchInputError extends Error {}

export interface CreatedBatch {
  batchId: string;
  created: number;
  /** Products whose identical video is already in progress or live: not rendered again. */
  reused: { productId: string; jobId: string }[];
  estimatedCredits: number;
}

/** Job rows built and written at a time. */
const ROWS_PER_CHUNK = 2_000;

/** Statuses in which an identical request is already covered: in progress, waiting for review or live. */
const COVERED = JOB_STATUSES.filter((s) => !RETRYABLE_STATUSES.includes(s));

export function estimateCreditsFor(provider: ProviderName, options: { model: string; duration: number }): number {
  return profileOf(provider).estimateCredits(options);
}

export async function createBatch(
  db: Database,
  queues: PipelineQueues | null,
  input: { shop: string; source: (typeof BATCH_SOURCES)[number]; title: string; items: BatchItem[]; options: RenderOptions },
): Promise<CreatedBatch> {
  if (input.items.length === 0) throw new BatchInputError("Choose at least one product.");
  if (input.items.length > MAX_BATCH_SIZE)
    throw new BatchInputError(`A batch can hold up to ${MAX_BATCH_SIZE.toLocaleString("en-US")} products.`);
  const settings = await shopSettings(db, input.shop);
  if (settings.uninstalledAt) throw new BatchInputError("This shop has uninstalled the app.");
  const provider = settings.provider as ProviderName;
  if (!MODELS[provider].some((m) => m.id === input.options.model)) {
    throw new BatchInputError(`Choose one of the models your video provider offers: ${MODELS[provider].map((m) => m.id).join(", ")}.`);
  }
  const perJobCredits = estimateCreditsFor(provider, input.options);
  const profile = profileOf(provider);
  const batchId = crypto.randomUUID();

  // One row per distinct render; an item repeated in the request is one job.
  // The map holds the caller's items, not copies: 100,000 of them are already in memory.
  const promptOf = (item: BatchItem) => item.prompt ?? input.options.prompt;
  const wanted = new Map<string, BatchItem>();
  for (const item of input.items) {
    const key = requestKeyOf({
      ...input.options,
      shop: input.shop,
      productId: item.productId,
      imageUrl: item.imageUrl,
      prompt: promptOf(item),
    });
    if (!wanted.has(key)) wanted.set(key, item);
  }

  const reused: CreatedBatch["reused"] = [];
  const keys = [...wanted.keys()];
  for (let i = 0; i < keys.length; i += 500) {
    const existing = await db.videoJob.findMany({
      where: { shop: input.shop, requestKey: { in: keys.slice(i, i + 500) }, status: { in: COVERED } },
      select: { id: true, requestKey: true, productId: true },
    });
    for (const job of existing) {
      if (wanted.delete(job.requestKey)) reused.push({ productId: job.productId, jobId: job.id });
    }
  }

  const now = new Date();
  const jobRow = (requestKey: string, item: BatchItem) => ({
    id: crypto.randomUUID(),
    shop: input.shop,
    batchId,
    productId: item.productId,
    productTitle: item.productTitle,
    variantId: item.variantId ?? null,
    sku: item.sku ?? null,
    imageUrl: item.imageUrl,
    prompt: promptOf(item),
    model: input.options.model,
    duration: input.options.duration,
    aspectRatio: input.options.aspectRatio,
    targetSurface: item.targetSurface ?? null,
    requestKey,
    provider,
    status: "queued",
    callbackToken: profile.newCallbackToken(),
    estimatedCredits: perJobCredits,
    createdAt: now,
    updatedAt: now,
  });

  // Rows are built and written a chunk at a time, so memory stays flat however big the batch.
  const created = wanted.size;
  const dialect = dialectOf(db);
  await db.$transaction(
    async (tx) => {
      await tx.batch.create({
        data: { id: batchId, shop: input.shop, source: input.source, title: input.title, jobCount: created, createdAt: now },
      });
      let chunk: ReturnType<typeof jobRow>[] = [];
      const flush = async () => {
        await insertRows(tx, dialect, "VideoJob", chunk);
        await insertRows(
          tx,
          dialect,
          "JobEvent",
          chunk.map((j) => ({
            jobId: j.id,
            shop: input.shop,
            fromStatus: null,
            toStatus: "queued",
            detail: `Added to “${input.title}”`,
            at: now,
          })),
        );
        chunk = [];
      };
      for (const [requestKey, item] of wanted) {
        chunk.push(jobRow(requestKey, item));
        if (chunk.length === ROWS_PER_CHUNK) await flush();
      }
      if (chunk.length > 0) await flush();
    },
    { timeout: 120_000 },
  );

  if (created > 0) await queues?.requestDispatch();
  return { batchId, created, reused, estimatedCredits: perJobCredits * created };
}
