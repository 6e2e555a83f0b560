// A big selection (whole collections, every product) becomes a batch without
// holding a request open: the request records a "preparing" batch and a
// catalog read and answers; a worker runs the read as a Shopify bulk
// operation, follows it (the bulk_operations/finish webhook wakes it, polling
// is the safety net), streams the result into createBatch, and marks the
// batch ready, or failed with a reason in the merchant's words.
// One bulk read per shop runs at a time; the others wait their turn in the
// order they were asked for.
import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { logger } from "~/logging/logger.server";
import { BatchInputError, createBatch, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { isAccessRevoked } from "~/shopify-admin/admin-client";
import {
  bulkOperationState,
  bulkResultLines,
  bulkResultProducts,
  BulkResultUnavailableError,
  startBulkRead,
  type BulkSelection,
} from "./bulk-read.server";

/**
 * Selections up to this many products are read page by page inside the
 * request; bigger ones through a bulk operation (docs/decisions/008).
 */
export const BULK_READ_THRESHOLD = 250;

const selectionSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("collections"),
    collectionIds: z
      .array(z.string().regex(/^gid:\/\/shopify\/Collection\/\d+$/))
      .min(1)
      .max(10),
  }),
  z.object({ kind: z.literal("all-products") }),
]);

const readRequestSchema = z.object({
  source: z.enum(["collection", "picker", "bulk-action"]),
  selection: selectionSchema,
  options: renderOptionsSchema,
  targetSurface: z.string().max(64).nullable(),
  maxJobs: z.number().int().positive().optional(),
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
