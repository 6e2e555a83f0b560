// "Generate video" on a product page and on products selected in the product
// list: what the form shows first, and turning the request into a batch.
import { z } from "zod";
import { productsTitle } from "~/merchant-copy/format";
import { createBatch, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import { batchName } from "~/pipeline/batch-name.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { MAX_SELECTED_PRODUCTS, type BatchCreatedData, type ProductActionData, type SkippedProduct } from "./api-types";
import { notFound, refused } from "./errors.server";
import { assertBillingAllowsNewVideos, formOptionsFor } from "./form-options.server";
import { latestJobFor } from "./job-view.server";
import { chosenProducts } from "~/catalog/products.server";
import { batchItemOf, productForAction } from "./product-source.server";
import { shopAdmin } from "./shop-admin.server";
import { productGidSchema } from "./shopify-ids.server";

/** Skipped products listed by name in an answer; the rest are counted. */
export const SKIPPED_EXAMPLES = 20;

export async function productActionData(
  ctx: PipelineContext,
  shop: string,
  productIdParam: string | undefined,
): Promise<ProductActionData> {
  const productId = productGidSchema.parse(productIdParam);
  const admin = await shopAdmin(ctx, shop);
  const found = await productForAction(admin, productId);
  if (!found) throw notFound("product");
  const [latestJob, form] = await Promise.all([latestJobFor(ctx.db, shop, productId), formOptionsFor(ctx.db, shop)]);
  return { product: found.product, hasAppClip: found.hasAppClip, latestJob, form };
}

export const generateRequestSchema = z.object({
  productIds: z
    .array(productGidSchema, { message: "Choose at least one product." })
    .min(1, "Choose at least one product.")
    .max(MAX_SELECTED_PRODUCTS, `Choose up to ${MAX_SELECTED_PRODUCTS} products at a time. For more, generate videos for a collection.`),
  source: z.enum(["product-action", "bulk-action"]).default("product-action"),
  options: renderOptionsSchema,
});

export async function generateForProducts(ctx: PipelineContext, shop: string, body: unknown): Promise<BatchCreatedData> {
  const request = generateRequestSchema.parse(body);
  await assertBillingAllowsNewVideos(ctx.db, shop);
  const ids = [...new Set(request.productIds)];
  const admin = await shopAdmin(ctx, shop);
  const { found: products } = await chosenProducts(admin, ids);
  // Ids this shop does not have (deleted, or another shop's) get the same answer.
  if (products.length === 0) throw notFound("product");

  const items: BatchItem[] = [];
  const skipped: SkippedProduct[] = [];
  for (const product of products) {
    const outcome = batchItemOf(product);
    if ("item" in outcome) items.push(outcome.item);
    else skipped.push(outcome.skipped);
  }
  const missing = ids.length - products.length;
  if (items.length === 0) {
    throw refused(
      skipped.length === 1
        ? `“${skipped[0].title}” has no product photo to start a video from. Add one, then try again.`
        : "None of the selected products has a photo to start a video from.",
    );
  }

  const title = await batchName(
    ctx.db,
    shop,
    request.source === "product-action" && items.length === 1
      ? `Video for “${items[0].productTitle}”`
      : `${productsTitle(items.map((i) => i.productTitle))}, from the product list`,
    items.length,
  );
  const created = await createBatch(ctx.db, ctx.queues, { shop, source: request.source, title, items, options: request.options });
  const createdJobs = await ctx.db.videoJob.findMany({ where: { batchId: created.batchId }, select: { id: true, productId: true } });

  return {
    batch: { id: created.batchId, title },
    created: created.created,
    reused: created.reusedCount,
    skipped: { count: skipped.length + missing, examples: skipped.slice(0, SKIPPED_EXAMPLES) },
    estimatedCredits: created.estimatedCredits,
    jobs: [...createdJobs.map((j) => ({ productId: j.productId, jobId: j.id })), ...created.reused],
  };
}
