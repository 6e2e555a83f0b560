// "Generate videos" on a collection page: the size and price first, then one
// batch for every product in it: read page by page when small, through a
// bulk operation in the background when big (app/catalog/catalog-reads).
import { z } from "zod";
import { BULK_READ_THRESHOLD, requestCatalogRead } from "~/catalog/catalog-reads.server";
import { readingMessage } from "~/catalog/reading-message";
import { formatCount } from "~/merchant-copy/format";
import { createBatch, MAX_BATCH_SIZE, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import { batchName } from "~/pipeline/batch-name.server";
import type { PipelineContext } from "~/pipeline/context.server";
import type { BatchCreatedData, CollectionActionData, SkippedProduct } from "./api-types";
import { CollectionGoneError, collectionProductPages, collectionSummary, type CollectionSummary } from "~/catalog/collections.server";
import type { AdminClient } from "~/shopify-admin/admin-client";
import { notFound, refused } from "./errors.server";
import { assertBillingAllowsNewVideos, assertModelOffered, formOptionsFor } from "./form-options.server";
import { SKIPPED_EXAMPLES } from "./product-action.server";
import { batchItemOf } from "./product-source.server";
import { shopAdmin } from "./shop-admin.server";
import { collectionGidSchema } from "./shopify-ids.server";

async function summaryOrNotFound(admin: AdminClient, collectionId: string): Promise<CollectionSummary> {
  const summary = await collectionSummary(admin, collectionId);
  if (!summary) throw notFound("collection");
  return summary;
}

export async function collectionActionData(
  ctx: PipelineContext,
  shop: string,
  collectionIdParam: string | undefined,
): Promise<CollectionActionData> {
  const collectionId = collectionGidSchema.parse(collectionIdParam);
  const admin = await shopAdmin(ctx, shop);
  const [collection, form] = await Promise.all([summaryOrNotFound(admin, collectionId), formOptionsFor(ctx.db, shop)]);
  return { collection, form };
}

export const collectionGenerateSchema = z.object({
  collectionId: collectionGidSchema,
  options: renderOptionsSchema,
});

const TOO_BIG = `A batch can hold up to ${formatCount(MAX_BATCH_SIZE)} products. Split the collection into smaller ones.`;

export async function generateForCollection(ctx: PipelineContext, shop: string, body: unknown): Promise<BatchCreatedData> {
  const request = collectionGenerateSchema.parse(body);
  await assertBillingAllowsNewVideos(ctx.db, shop);
  await assertModelOffered(ctx.db, shop, request.options.model);
  const admin = await shopAdmin(ctx, shop);
  const collection = await summaryOrNotFound(admin, request.collectionId);
  if (collection.productsCount > MAX_BATCH_SIZE) throw refused(TOO_BIG);
  const title = await batchName(ctx.db, shop, `Collection “${collection.title}”`, collection.productsCount);
  if (collection.productsCount > BULK_READ_THRESHOLD || !collection.countIsExact) {
    const { batchId } = await requestCatalogRead(ctx, {
      shop,
      title,
      expectedProducts: collection.productsCount,
      request: {
        source: "collection",
        selection: { kind: "collections", collectionIds: [collection.id] },
        options: request.options,
        targetSurface: null,
      },
    });
    return {
      batch: { id: batchId, title },
      created: 0,
      reused: 0,
      skipped: { count: 0, examples: [] },
      estimatedCredits: 0,
      jobs: [],
      preparing: { productCount: collection.productsCount, message: readingMessage(collection.productsCount) },
    };
  }

  // Only what the batch needs is kept from each page: id, title, photo.
  const items: BatchItem[] = [];
  const skippedExamples: SkippedProduct[] = [];
  let skippedCount = 0;
  try {
    for await (const page of collectionProductPages(admin, collection.id)) {
      for (const product of page.products) {
        const outcome = batchItemOf(product);
        if ("item" in outcome) {
          items.push(outcome.item);
          continue;
        }
        skippedCount += 1;
        if (skippedExamples.length < SKIPPED_EXAMPLES) skippedExamples.push(outcome.skipped);
      }
      if (items.length > MAX_BATCH_SIZE) throw refused(TOO_BIG);
    }
  } catch (error) {
    // Deleted between the summary and now, or part-way through.
    if (error instanceof CollectionGoneError) throw notFound("collection");
    throw error;
  }
  if (items.length === 0) {
    throw refused(
      skippedCount > 0
        ? "None of the products in this collection has a photo to start a video from."
        : "This collection has no products yet.",
    );
  }

  const created = await createBatch(ctx.db, ctx.queues, { shop, source: "collection", title, items, options: request.options });
  return {
    batch: { id: created.batchId, title },
    created: created.created,
    reused: created.reusedCount,
    skipped: { count: skippedCount, examples: skippedExamples },
    estimatedCredits: created.estimatedCredits,
    jobs: [],
  };
}
