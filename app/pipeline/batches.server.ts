// Creating a batch: one video job per product/SKU, written a chunk at a time
// from an array or a stream of items. Submission happens later, in the workers.
import crypto from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
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
const TOO_MANY = `A batch can hold up to ${MAX_BATCH_SIZE.toLocaleString("en-US")} products.`;

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
  /** Overrides the batch's shape: a CSV manifest's rows each carry their surface, and one file is one batch. */
  aspectRatio: z.enum(ASPECT_RATIOS).nullish(),
});
export type BatchItem = z.infer<typeof batchItemSchema>;

export class BatchInputError extends Error {}

export interface CreatedBatch {
  batchId: string;
  created: number;
  /** Products whose identical video is already in progress or live: not rendered again (the first REUSED_LISTED of them). */
  reused: { productId: string; jobId: string }[];
  reusedCount: number;
  /** Products past `maxJobs`: asked for, not made. */
  leftOut: number;
  estimatedCredits: number;
}

/** Job rows built and written at a time. */
const ROWS_PER_CHUNK = 2_000;
/** Request keys looked up in one statement. */
const KEYS_PER_LOOKUP = 500;
/** Reused jobs listed by id (the product actions show them); the rest are counted. */
const REUSED_LISTED = 1_000;

/** Statuses in which an identical request is already covered: in progress, waiting for review or live. */
const COVERED = JOB_STATUSES.filter((s) => !RETRYABLE_STATUSES.includes(s));

export function estimateCreditsFor(provider: ProviderName, options: { model: string; duration: number }): number {
  return profileOf(provider).estimateCredits(options);
}

export interface BatchRequest {
  shop: string;
  source: (typeof BATCH_SOURCES)[number];
  title: string;
  /** An array, or a stream of items (CSV rows, a bulk read's JSONL, pages): read a chunk at a time, never held whole. */
  items: Iterable<BatchItem> | AsyncIterable<BatchItem>;
  options: RenderOptions;
  /** A batch created earlier as "preparing" (a catalog read): its jobs are written into it and it becomes "ready". */
  batchId?: string;
  /** Make only the first N new jobs; the rest are counted in `leftOut`. */
  maxJobs?: number;
}

async function* chunksOf<T>(items: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

export async function createBatch(db: Database, queues: PipelineQueues | null, input: BatchRequest): Promise<CreatedBatch> {
  if (Array.isArray(input.items)) {
    if (input.items.length === 0) throw new BatchInputError("Choose at least one product.");
    if (input.items.length > MAX_BATCH_SIZE) throw new BatchInputError(TOO_MANY);
  }
  if (input.maxJobs !== undefined && (!Number.isInteger(input.maxJobs) || input.maxJobs < 1)) {
    throw new BatchInputError("Choose how many videos to make: at least 1.");
  }
  const settings = await shopSettings(db, input.shop);
  if (settings.uninstalledAt) throw new BatchInputError("This shop has uninstalled the app.");
  const provider = settings.provider as ProviderName;
  if (!MODELS[provider].some((m) => m.id === input.options.model)) {
    throw new BatchInputError(`Choose one of the models your video provider offers: ${MODELS[provider].map((m) => m.id).join(", ")}.`);
  }
  const perJobCredits = estimateCreditsFor(provider, input.options);
  const profile = profileOf(provider);
  const batchId = input.batchId ?? crypto.randomUUID();
  const promptOf = (item: BatchItem) => item.prompt ?? input.options.prompt;
  const maxJobs = input.maxJobs ?? Infinity;

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
    aspectRatio: item.aspectRatio ?? input.options.aspectRatio,
    targetSurface: item.targetSurface ?? null,
    requestKey,
    provider,
    status: "queued",
    callbackToken: profile.newCallbackToken(),
    estimatedCredits: perJobCredits,
    createdAt: now,
    updatedAt: now,
  });

  const reused: CreatedBatch["reused"] = [];
  let reusedCount = 0;
  let created = 0;
  let leftOut = 0;
  let seen = 0;
  const dialect = dialectOf(db);
  // One transaction: a batch is there whole or not at all, and a retry of a
  // catalog read starts clean. Items are read, checked and written a chunk
  // at a time, so memory stays flat however big the batch.
  await db.$transaction(
    async (tx) => {
      if (input.batchId) {
        const preparing = await tx.batch.findFirst({ where: { id: batchId, shop: input.shop, status: "preparing" } });
        if (!preparing) throw new BatchInputError("This batch is no longer waiting for its products.");
      } else {
        await tx.batch.create({
          data: { id: batchId, shop: input.shop, source: input.source, title: input.title, jobCount: 0, createdAt: now },
        });
      }
      for await (const items of chunksOf(input.items, ROWS_PER_CHUNK)) {
        // better-sqlite3 answers synchronously, so without a turn of the event
        // loop per chunk a 100,000-row batch would hold it for seconds: no
        // timer (a queue lock's renewal) would fire, and memory the driver
        // frees on a later turn would pile up.
        await nextTurn();
        seen += items.length;
        if (seen > MAX_BATCH_SIZE) throw new BatchInputError(TOO_MANY);
        // One row per distinct render: an item repeated in the request is one job.
        const wanted = new Map<string, BatchItem>();
        for (const item of items) {
          const key = requestKeyOf({
            ...input.options,
            aspectRatio: item.aspectRatio ?? input.options.aspectRatio,
            shop: input.shop,
            productId: item.productId,
            imageUrl: item.imageUrl,
            prompt: promptOf(item),
          });
          if (!wanted.has(key)) wanted.set(key, item);
        }
        const keys = [...wanted.keys()];
        for (let i = 0; i < keys.length; i += KEYS_PER_LOOKUP) {
          const existing = await tx.videoJob.findMany({
            where: { shop: input.shop, requestKey: { in: keys.slice(i, i + KEYS_PER_LOOKUP) }, status: { in: COVERED } },
            select: { id: true, requestKey: true, productId: true, batchId: true },
          });
          for (const job of existing) {
            if (!wanted.delete(job.requestKey) || job.batchId === batchId) continue;
            reusedCount += 1;
            if (reused.length < REUSED_LISTED) reused.push({ productId: job.productId, jobId: job.id });
          }
        }
        const rows: ReturnType<typeof jobRow>[] = [];
        for (const [requestKey, item] of wanted) {
          if (created + rows.length >= maxJobs) leftOut += 1;
          else rows.push(jobRow(requestKey, item));
        }
        if (rows.length === 0) continue;
        await insertRows(tx, dialect, "VideoJob", rows);
        await insertRows(
          tx,
          dialect,
          "JobEvent",
          rows.map((j) => ({
            jobId: j.id,
            shop: input.shop,
            fromStatus: null,
            toStatus: "queued",
            detail: `Added to “${input.title}”`,
            at: now,
          })),
        );
        created += rows.length;
      }
      if (seen === 0) throw new BatchInputError("Choose at least one product.");
      await tx.batch.update({ where: { id: batchId }, data: { jobCount: created, status: "ready", failedReason: null } });
    },
    { timeout: 600_000 },
  );

  if (created > 0) await queues?.requestDispatch();
  return { batchId, created, reused, reusedCount, leftOut, estimatedCredits: perJobCredits * created };
}
