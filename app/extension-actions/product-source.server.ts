// The products an extension request names, read through the catalog
// (app/catalog/products.server.ts), as the extension answers show them and
// as batch items.
import { productForVideo, type CatalogProduct } from "~/catalog/products.server";
import type { AdminClient } from "~/shopify-admin/admin-client";
import type { BatchItem } from "~/pipeline/batches.server";
import type { ProductSummary, SkippedProduct } from "./api-types";
import { isAppClipFilename } from "~/publishing/attach-media.server";

export function summaryOf(product: CatalogProduct): ProductSummary {
  return { id: product.id, title: product.title, imageUrl: product.imageUrl };
}

/** The product page's product, and whether it already shows a clip of this app; null when the shop has no such product. */
export async function productForAction(
  admin: AdminClient,
  productId: string,
): Promise<{ product: ProductSummary; hasAppClip: boolean } | null> {
  const found = await productForVideo(admin, productId);
  if (!found) return null;
  // The publisher names every upload after its job (attach-media.server.ts): that is how the app knows its own clips.
  return { product: summaryOf(found.product), hasAppClip: found.media.some((m) => isAppClipFilename(m.filename)) };
}

export const NO_PHOTO_REASON = "No product photo to start the video from. Add one, then try again.";

/** A batch item, or why the product cannot have a video. */
export function batchItemOf(product: CatalogProduct | ProductSummary): { item: BatchItem } | { skipped: SkippedProduct } {
  if (!product.imageUrl) return { skipped: { productId: product.id, title: product.title, reason: NO_PHOTO_REASON } };
  return { item: { productId: product.id, productTitle: product.title, imageUrl: product.imageUrl } };
}
