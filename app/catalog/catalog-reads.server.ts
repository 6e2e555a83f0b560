// A big selection (whole collections, every product) becomes a batch without
// holding a request open: the request records a "preparing" batch and a
// catalog read and answers; a worker runs the read as a Shopify bulk
// operation, follows it (the bulk_operations/finish webhook wakes it, polling
// is the safety net), streams the result into createBatch, and marks the
// batch ready, or failed with a reason in the merchant's words.
// One bulk read per shop runs at a time; the others wait their turn in the
// order they were asked for.
// A large manifest's SKUs are matched the same way, in the background: the
// request records the rows and answers; the worker searches the SKUs a chunk
// at a time (sku-match.server.ts), writes the matched rows into the batch and
// keeps the rows it could not match, with their reasons, on the read.
import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { logger } from "~/logging/logger.server";
import { batchName } from "~/pipeline/batch-name.server";
import { BatchInputError, batchItemSchema, createBatch, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { isAccessRevoked, type AdminClient } from "~/shopify-admin/admin-client";
import { bulkOperationState, bulkResultProducts, startBulkRead, type BulkSelection } from "./bulk-read.server";
import { bulkResultLines, BulkResultUnavailableError } from "./bulk-result-file.server";
import { productsBySku, skuMatchProblem } from "./sku-match.server";
import { rowsWithUsablePhotos, WORKER_PHOTO_BUDGET_MS } from "./photo-check.server";

/**
 * Selections up to this many products are read page by page inside the
 * request; bigger ones through a bulk operation (docs/decisions/008).
 */
export const BULK_READ_THRESHOLD = 250;

/** A manifest's most rows (manifest-csv.server.ts). */
const MAX_SKU_ROWS = 10_000;

const selectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("collections"),
    collectionIds: z
      .array(z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/))
      .min(1)
      .max(10),
  }),
  z.object({ kind: z.literal("all-products") }),
  z.object({
    kind: z.literal("skus"),
    /** A manifest's rows, each to become the video of the one product with its SKU. */
    rows: z
      .array(
        z.object({
          line: z.number().int().positive(),
          sku: z.string().min(1).max(255),
          item: batchItemSchema.omit({ productId: true, productTitle: true, variantId: true, sku: true }),
        }),
      )
      // Emptied once the read is done (its outcome is kept instead).
      .max(MAX_SKU_ROWS),
  }),
]);

/** A row of a SKU read that did not become a video, and why, in the merchant's words. */
export interface SkuRowProblem {
  line: number;
  sku: string;
  reason: string;
}

/** What a finished SKU read did: kept on the read, for the import's report. */
export interface SkuReadOutcome {
  accepted: number;
  created: number;
  reused: number;
  problems: SkuRowProblem[];
}

const readRequestSchema = z.object({
  source: z.enum(["collection", "picker", "bulk-action", "csv"]),
  selection: selectionSchema,
  options: renderOptionsSchema,
  targetSurface: z.string().max(64).nullable(),
  maxJobs: z.number().int().positive().optional(),
  /** A manifest's SKU read: the file's name (the batch is named after it) and the rows skipped before the read, for the report. */
  manifest: z
    .object({
      fileName: z.string().max(500),
      skipped: z.array(z.object({ line: z.number().int(), sku: z.string().nullable(), reason: z.string() })).max(MAX_SKU_ROWS * 2),
    })
    .optional(),
  /** Set when a SKU read has finished (the rows are dropped then). */
  outcome: z.custom<SkuReadOutcome>().optional(),
});
export type CatalogReadRequest = z.infer<typeof readRequestSchema>;

export type CatalogReadStatus = "waiting" | "running" | "streaming" | "done" | "failed";
const UNFINISHED: CatalogReadStatus[] = ["waiting", "running", "streaming"];

/** What the merchant reads when a read ends without a batch; never Shopify's codes. */
export const READ_FAILED = {
  ACCESS_DENIED: "The app lost access to your products while reading them. Open the app again from your Shopify admin, then try again.",
  INTERNAL_SERVER_ERROR: "Shopify couldn't finish listing your products. Try again in a few minutes.",
  TIMEOUT: "Shopify took too long to list your products. Try again, or choose a smaller collection.",
  CANCELED: "Reading your products was stopped before it finished. Try again.",
  EXPIRED: "Shopify's list of your products expired before the app could read it. Try again.",
  NO_ACCESS: "The app can't reach your store's products right now. Open the app again from your Shopify admin, then try again.",
  NO_PRODUCTS: "There are no products in what you chose.",
  NO_PHOTOS: "None of the products you chose has a photo to start a video from.",
} as const;

/** Records the batch ("preparing") and its catalog read, and asks a worker to start it. Answers at once. */
export async function requestCatalogRead(
  ctx: PipelineContext,
  input: {
    shop: string;
    title: string;
    request: CatalogReadRequest;
    /** Shopify's count at request time, shown until the read counts for itself. */ expectedProducts?: number;
  },
): Promise<{ batchId: string; catalogReadId: string }> {
  const request = readRequestSchema.parse(input.request);
  const batchId = crypto.randomUUID();
  const catalogReadId = crypto.randomUUID();
  await ctx.db.$transaction([
    ctx.db.batch.create({ data: { id: batchId, shop: input.shop, source: request.source, title: input.title, status: "preparing" } }),
    ctx.db.catalogRead.create({
      data: {
        id: catalogReadId,
        shop: input.shop,
        batchId,
        kind: "bulk",
        request: JSON.stringify(request),
        status: "waiting",
        productCount: input.expectedProducts ?? 0,
      },
    }),
  ]);
  await ctx.queues.requestCatalogRead(catalogReadId);
  return { batchId, catalogReadId };
}

export type FollowOutcome = { kind: "wait"; ms: number } | { kind: "finished" };

/**
 * One look at a catalog read, moving it as far as it can go now: start its
 * bulk operation when the shop has room, check on it, or stream its result
 * into the batch. Each step is recorded on the row, so a retry continues.
 */
export async function followCatalogRead(ctx: PipelineContext, catalogReadId: string, pollMs: number): Promise<FollowOutcome> {
  const read = await ctx.db.catalogRead.findUnique({ where: { id: catalogReadId } });
  if (!read || !UNFINISHED.includes(read.status as CatalogReadStatus)) return { kind: "finished" };
  const request = readRequestSchema.parse(JSON.parse(read.request));
  const admin = await ctx.adminFor(read.shop);
  if (!admin) return fail(ctx, read.id, READ_FAILED.NO_ACCESS, null);

  try {
    if (request.selection.kind === "skus") {
      if (read.status === "waiting" && !(await isNextForShop(ctx, read.id, read.shop))) return { kind: "wait", ms: pollMs };
      return await matchSkusIntoBatch(ctx, read, request, request.selection.rows, admin);
    }
    if (read.status === "waiting" || (read.status === "running" && !read.bulkOperationId)) {
      if (read.status === "waiting" && !(await isNextForShop(ctx, read.id, read.shop))) return { kind: "wait", ms: pollMs };
      const started = await startBulkRead(admin, request.selection as BulkSelection);
      // Another operation of this app holds the shop's bulk slots: wait for it.
      if (started === "busy") return { kind: "wait", ms: pollMs };
      await ctx.db.catalogRead.update({ where: { id: read.id }, data: { status: "running", bulkOperationId: started.id } });
      return { kind: "wait", ms: pollMs };
    }

    const operation = await bulkOperationState(admin, read.bulkOperationId!);
    if (!operation) return fail(ctx, read.id, READ_FAILED.INTERNAL_SERVER_ERROR, "MISSING");
    const counted = productsCounted(request.selection as BulkSelection, operation);
    switch (operation.status) {
      case "CREATED":
      case "RUNNING":
      case "CANCELING":
        // Shopify's running count starts at 0: keep the count known at request time until it passes it.
        await ctx.db.catalogRead.update({
          where: { id: read.id },
          data: { status: "running", productCount: Math.max(counted, read.productCount) },
        });
        return { kind: "wait", ms: pollMs };
      case "FAILED":
        return fail(
          ctx,
          read.id,
          READ_FAILED[operation.errorCode as keyof typeof READ_FAILED] ?? READ_FAILED.INTERNAL_SERVER_ERROR,
          operation.errorCode,
        );
      case "CANCELED":
        return fail(ctx, read.id, READ_FAILED.CANCELED, "CANCELED");
      case "EXPIRED":
        return fail(ctx, read.id, READ_FAILED.EXPIRED, "EXPIRED");
      case "COMPLETED":
        break;
    }
    if (!operation.url) {
      // Shopify leaves url null when the selection matched nothing.
      return fail(ctx, read.id, READ_FAILED.NO_PRODUCTS, null);
    }
    await ctx.db.catalogRead.update({ where: { id: read.id }, data: { status: "streaming", productCount: counted } });
    return await streamIntoBatch(ctx, read, request, admin, operation.url);
  } catch (error) {
    if (error instanceof BulkResultUnavailableError && error.expired) return fail(ctx, read.id, READ_FAILED.EXPIRED, "EXPIRED");
    if (isAccessRevoked(error)) return fail(ctx, read.id, READ_FAILED.NO_ACCESS, "ACCESS_DENIED");
    // Shopify slow or away: the queue's retries try again from the recorded step.
    throw error;
  }
}

async function streamIntoBatch(
  ctx: PipelineContext,
  read: { id: string; shop: string; batchId: string },
  request: CatalogReadRequest,
  admin: NonNullable<Awaited<ReturnType<PipelineContext["adminFor"]>>>,
  url: string,
): Promise<FollowOutcome> {
  let products = 0;
  let withoutPhoto = 0;
  async function* items(): AsyncGenerator<BatchItem> {
    for await (const chunk of bulkResultProducts(admin, bulkResultLines(url))) {
      for (const product of chunk) {
        products += 1;
        if (!product.imageUrl) {
          withoutPhoto += 1;
          continue;
        }
        yield { productId: product.id, productTitle: product.title, imageUrl: product.imageUrl, targetSurface: request.targetSurface };
      }
    }
  }
  const batch = await ctx.db.batch.findUniqueOrThrow({ where: { id: read.batchId } });
  try {
    const created = await createBatch(ctx.db, ctx.queues, {
      shop: read.shop,
      source: request.source,
      title: batch.title,
      items: items(),
      options: request.options,
      batchId: read.batchId,
      maxJobs: request.maxJobs,
    });
    await ctx.db.catalogRead.update({ where: { id: read.id }, data: { status: "done", productCount: products, finishedAt: new Date() } });
    logger.info(
      { shop: read.shop, batchId: read.batchId, products, withoutPhoto, created: created.created, leftOut: created.leftOut },
      "catalog read became a batch",
    );
    await wakeNextForShop(ctx, read.shop);
    return { kind: "finished" };
  } catch (error) {
    if (!(error instanceof BatchInputError)) throw error;
    const reason = products === 0 ? READ_FAILED.NO_PRODUCTS : withoutPhoto === products ? READ_FAILED.NO_PHOTOS : error.message;
    return fail(ctx, read.id, reason, null);
  }
}

/**
 * The SKU read's one step: search every SKU (a chunk at a time, retried by
 * the queue from the start if Shopify stays away), then write the rows whose
 * SKU belongs to exactly one product into the batch, and keep the others.
 */
async function matchSkusIntoBatch(
  ctx: PipelineContext,
  read: { id: string; shop: string; batchId: string },
  request: CatalogReadRequest,
  allRows: Extract<CatalogReadRequest["selection"], { kind: "skus" }>["rows"],
  admin: AdminClient,
): Promise<FollowOutcome> {
  await ctx.db.catalogRead.update({ where: { id: read.id }, data: { status: "running", productCount: allRows.length } });
  // A manifest's photos first, by the preview's rule: a row with a plainly unusable photo is never searched for.
  // (Only files too big for the preview come here; its photos were not checked.)
  const photos = request.manifest
    ? await rowsWithUsablePhotos(allRows, (r) => r.item.imageUrl, {
        devOrigins: ctx.clipSourceDevOrigins ?? [],
        resolve: ctx.photoHostLookup,
        budgetMs: WORKER_PHOTO_BUDGET_MS,
      })
    : { kept: allRows, skipped: [] };
  const problems: SkuRowProblem[] = [...photos.skipped];
  const rows = photos.kept;
  const products = await productsBySku(
    admin,
    rows.map((r) => r.sku),
  );
  let accepted = 0;
  function* items(): Generator<BatchItem> {
    for (const row of rows) {
      const found = products.get(row.sku) ?? [];
      const reason = skuMatchProblem(row.sku, found.length);
      if (reason) {
        problems.push({ line: row.line, sku: row.sku, reason });
        continue;
      }
      accepted += 1;
      yield { ...found[0], sku: row.sku, ...row.item };
    }
  }
  await ctx.db.catalogRead.update({ where: { id: read.id }, data: { status: "streaming" } });
  const batch = await ctx.db.batch.findUniqueOrThrow({ where: { id: read.batchId } });
  let title = batch.title;
  if (request.manifest) {
    // Named, as an import made at once is, for the rows that become videos.
    const matched = rows.filter((r) => (products.get(r.sku) ?? []).length === 1).length;
    title = await batchName(ctx.db, read.shop, request.manifest.fileName, matched);
    await ctx.db.batch.update({ where: { id: read.batchId }, data: { title } });
  }
  let created = { created: 0, reusedCount: 0 };
  try {
    created = await createBatch(ctx.db, ctx.queues, {
      shop: read.shop,
      source: request.source,
      title,
      items: items(),
      options: request.options,
      batchId: read.batchId,
    });
  } catch (error) {
    if (!(error instanceof BatchInputError)) throw error;
    // No row matched: the import reports every row, and the batch says why it is empty.
    await ctx.db.batch.updateMany({
      where: { id: read.batchId, status: "preparing" },
      data: { status: "failed", failedReason: accepted === 0 ? NO_SKU_MATCHED : error.message },
    });
  }
  const outcome: SkuReadOutcome = { accepted, created: created.created, reused: created.reusedCount, problems };
  await ctx.db.catalogRead.update({
    where: { id: read.id },
    data: {
      status: "done",
      finishedAt: new Date(),
      request: JSON.stringify({ ...request, selection: { kind: "skus", rows: [] }, outcome }),
    },
  });
  logger.info({ shop: read.shop, batchId: read.batchId, rows: allRows.length, accepted }, "manifest SKUs matched into a batch");
  await wakeNextForShop(ctx, read.shop);
  return { kind: "finished" };
}

export const NO_SKU_MATCHED = "None of the file's SKUs belongs to exactly one product in your store, so no video was made.";

/** A SKU read as the import page shows it: still matching, or what it did. */
export async function skuReadOf(
  ctx: PipelineContext,
  shop: string,
  catalogReadId: string,
): Promise<
  | { state: "matching"; rows: number; batchId: string }
  | { state: "done"; batchId: string; title: string; outcome: SkuReadOutcome; manifest: CatalogReadRequest["manifest"] }
  | { state: "failed"; batchId: string; reason: string }
  | null
> {
  const read = await ctx.db.catalogRead.findFirst({ where: { id: catalogReadId, shop } });
  if (!read) return null;
  const request = readRequestSchema.safeParse(JSON.parse(read.request));
  if (!request.success || request.data.selection.kind !== "skus") return null;
  if (UNFINISHED.includes(read.status as CatalogReadStatus)) {
    return { state: "matching", rows: read.productCount || request.data.selection.rows.length, batchId: read.batchId };
  }
  const batch = await ctx.db.batch.findUnique({ where: { id: read.batchId }, select: { failedReason: true, title: true } });
  if (read.status === "done" && request.data.outcome) {
    return {
      state: "done",
      batchId: read.batchId,
      title: batch?.title ?? "",
      outcome: request.data.outcome,
      manifest: request.data.manifest,
    };
  }
  return { state: "failed", batchId: read.batchId, reason: batch?.failedReason ?? READ_FAILED.INTERNAL_SERVER_ERROR };
}

/** Shopify's running counts: for collections the root objects are the collections, and the products are the rest. */
function productsCounted(selection: BulkSelection, operation: { objectCount: number; rootObjectCount: number }): number {
  return selection.kind === "collections" ? operation.objectCount - operation.rootObjectCount : operation.rootObjectCount;
}

/** True when no other read of the shop is running and this is the oldest waiting one. */
async function isNextForShop(ctx: PipelineContext, id: string, shop: string): Promise<boolean> {
  const running = await ctx.db.catalogRead.findFirst({ where: { shop, status: { in: ["running", "streaming"] } }, select: { id: true } });
  if (running) return false;
  const oldest = await ctx.db.catalogRead.findFirst({
    where: { shop, status: "waiting" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  return oldest?.id === id;
}

async function wakeNextForShop(ctx: PipelineContext, shop: string): Promise<void> {
  const next = await ctx.db.catalogRead.findFirst({
    where: { shop, status: "waiting" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true },
  });
  if (next) await ctx.queues.requestCatalogRead(next.id);
}

async function fail(ctx: PipelineContext, id: string, reason: string, errorCode: string | null): Promise<FollowOutcome> {
  const read = await ctx.db.catalogRead.update({ where: { id }, data: { status: "failed", errorCode, finishedAt: new Date() } });
  await ctx.db.batch.updateMany({ where: { id: read.batchId, status: "preparing" }, data: { status: "failed", failedReason: reason } });
  logger.warn({ shop: read.shop, batchId: read.batchId, errorCode }, "catalog read failed");
  await wakeNextForShop(ctx, read.shop);
  return { kind: "finished" };
}

/** bulk_operations/finish: the read this operation belongs to, for the worker to look at now; null for another app's or an unknown one. */
export async function catalogReadOfFinishedOperation(tx: Prisma.TransactionClient, shop: string, payload: unknown): Promise<string | null> {
  const parsed = z.object({ admin_graphql_api_id: z.string().max(200) }).safeParse(payload);
  if (!parsed.success) return null;
  const read = await tx.catalogRead.findFirst({ where: { shop, bulkOperationId: parsed.data.admin_graphql_api_id }, select: { id: true } });
  return read?.id ?? null;
}

/** Reads whose queue entry Redis may have lost: the worker's sweep asks for each again. */
export async function unfinishedCatalogReads(ctx: PipelineContext): Promise<string[]> {
  const reads = await ctx.db.catalogRead.findMany({ where: { status: { in: UNFINISHED } }, select: { id: true }, take: 1_000 });
  return reads.map((r) => r.id);
}
