// The first n products of the demo shop, read through the app's own Admin
// gateway with the catalog's collection read, the way a collection is
// expanded for a batch.
import { collectionProductPages } from "~/catalog/collections.server";
import type { BatchItem } from "~/pipeline/batches.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";

export async function demoBatchItems(input: {
  shop: string;
  accessToken: string;
  apiOrigin: string;
  collectionId: string;
  count: number;
}): Promise<BatchItem[]> {
  const admin = createAdminGateway({ shop: input.shop, accessToken: input.accessToken, apiOrigin: input.apiOrigin });
  const items: BatchItem[] = [];
  for await (const page of collectionProductPages(admin, input.collectionId)) {
    for (const product of page.products) {
      if (!product.imageUrl) continue;
      items.push({
        productId: product.id,
        productTitle: product.title,
        imageUrl: product.imageUrl,
        sku: product.sku,
        variantId: product.variantId,
      });
    }
    if (items.length >= input.count) break;
  }
  return items.slice(0, input.count);
}
