// The first n products of the demo shop, read through the app's own Admin
// gateway page by page, the way a collection is expanded for a batch.
import { featuredImageUrl, withFirstImages } from "~/catalog/product-photo.server";
import type { BatchItem } from "~/pipeline/batches.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import { COLLECTION_PAGE_SIZE, COLLECTION_PRODUCTS_PAGE, type CollectionProductsPageData } from "~/shopify-admin/operations";

export async function demoBatchItems(input: {
  shop: string;
  accessToken: string;
  apiOrigin: string;
  collectionId: string;
  count: number;
}): Promise<BatchItem[]> {
  const admin = createAdminGateway({ shop: input.shop, accessToken: input.accessToken, apiOrigin: input.apiOrigin });
  const items: BatchItem[] = [];
  let after: string | null = null;
  while (items.length < input.count) {
    const page: CollectionProductsPageData = await admin.request(COLLECTION_PRODUCTS_PAGE, {
      id: input.collectionId,
      first: Math.min(COLLECTION_PAGE_SIZE, input.count - items.length),
      after,
    });
    const products = page.collection?.products;
    if (!products) break;
    const photos = await withFirstImages(
      admin,
      products.nodes.map((product) => ({ id: product.id, imageUrl: featuredImageUrl(product.featuredMedia), product })),
    );
    for (const { product, imageUrl } of photos) {
      if (!imageUrl) continue;
      items.push({
        productId: product.id,
        productTitle: product.title,
        imageUrl,
        sku: product.variants.nodes[0]?.sku ?? null,
        variantId: product.variants.nodes[0]?.id ?? null,
      });
    }
    if (!products.pageInfo.hasNextPage) break;
    after = products.pageInfo.endCursor;
  }
  return items.slice(0, input.count);
}
