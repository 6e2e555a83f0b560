// Reading products from the Admin API for a video: title and the photo the
// video starts from (the rule is in app/catalog/product-photo.server.ts).
import { featuredImageUrl, withFirstImages } from "~/catalog/product-photo.server";
import type { AdminClient } from "~/shopify-admin/admin-client";
import type { FeaturedMedia } from "~/shopify-admin/operations";
import type { BatchItem } from "~/pipeline/batches.server";
import type { SkippedProduct } from "./api-types";
import { isAppClipFilename } from "~/publishing/attach-media.server";
import { askShopify } from "./shop-admin.server";

// About 105 points: product 1, featured media 2, media 2 + 50 x 2.
export const PRODUCT_FOR_VIDEO_ACTION = /* GraphQL */ `
  #graphql
  query ProductForVideoAction($id: ID!) {
    product(id: $id) {
      id
      title
      featuredMedia {
        ... on MediaImage {
          image {
            url
          }
        }
      }
      media(first: 50) {
        nodes {
          ... on MediaImage {
            image {
              url
            }
          }
          ... on Video {
            filename
          }
        }
      }
    }
  }
`;

// At most 750 points for 250 ids: 3 per product.
export const PRODUCTS_FOR_VIDEO_BATCH = /* GraphQL */ `
  #graphql
  query ProductsForVideoBatch($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        featuredMedia {
          ... on MediaImage {
            image {
              url
            }
          }
        }
      }
    }
  }
`;

export interface ProductNode {
  id: string;
  title: string;
  featuredMedia: FeaturedMedia;
}

export interface SourceProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

interface ProductForActionData {
  product: (ProductNode & { media: { nodes: ({ filename?: string | null } & NonNullable<FeaturedMedia>)[] } }) | null;
}

interface NodesData<T> {
  nodes: (T | Record<string, never> | null)[];
}

export function sourceOf(node: ProductNode): SourceProduct {
  return { id: node.id, title: node.title, imageUrl: featuredImageUrl(node.featuredMedia) };
}

export async function productForAction(
  admin: AdminClient,
  productId: string,
): Promise<{ product: SourceProduct; hasAppClip: boolean } | null> {
  const data = await askShopify<ProductForActionData>(admin, PRODUCT_FOR_VIDEO_ACTION, { id: productId });
  if (!data.product) return null;
  const media = data.product.media.nodes;
  const product = sourceOf(data.product);
  product.imageUrl ??= media.find((m) => m.image?.url)?.image?.url ?? null;
  // The publisher names every upload after its job (attach-media.server.ts): that is how the app knows its own clips.
  return { product, hasAppClip: media.some((m) => isAppClipFilename(m.filename)) };
}

/** The products among `ids` that exist in this shop, in the order asked. */
export async function productsByIds(admin: AdminClient, ids: string[]): Promise<SourceProduct[]> {
  const data = await askShopify<NodesData<ProductNode>>(admin, PRODUCTS_FOR_VIDEO_BATCH, { ids });
  const found = data.nodes.filter((n): n is ProductNode => n !== null && "id" in n);
  return withFallbackImages(admin, found.map(sourceOf));
}

/** The rule's second half, with Shopify's failures answered as the extension's other calls answer them. */
export function withFallbackImages(admin: AdminClient, products: SourceProduct[]): Promise<SourceProduct[]> {
  return withFirstImages({ request: (document, variables) => askShopify(admin, document, variables ?? {}) }, products);
}

export const NO_PHOTO_REASON = "No product photo to start the video from. Add one, then try again.";

/** A batch item, or why the product cannot have a video. */
export function batchItemOf(product: SourceProduct): { item: BatchItem } | { skipped: SkippedProduct } {
  if (!product.imageUrl) return { skipped: { productId: product.id, title: product.title, reason: NO_PHOTO_REASON } };
  return { item: { productId: product.id, productTitle: product.title, imageUrl: product.imageUrl } };
}
