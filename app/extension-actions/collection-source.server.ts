// Reading a collection from the Admin API: its size for the estimate, and
// its products page by page (cursor pagination, 250 a page), so a collection
// of 10,000 products is never asked for, or held, in one piece.
import type { AdminClient } from "~/shopify-admin/admin-client";
import { notFound } from "./errors.server";
import { sourceOf, withFallbackImages, type ProductNode, type SourceProduct } from "./product-source.server";
import { askShopify } from "./shop-admin.server";

export const COLLECTION_FOR_VIDEO_ACTION = /* GraphQL */ `
  #graphql
  query CollectionForVideoAction($id: ID!) {
    collection(id: $id) {
      id
      title
      productsCount {
        count
        precision
      }
    }
  }
`;

// At most 753 points a page: collection 1, products 2 + 250 x 3.
export const COLLECTION_PRODUCTS_PAGE = /* GraphQL */ `
  #graphql
  query CollectionProductsForVideos($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      products(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
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
  }
`;

/** Shopify's largest page. */
export const COLLECTION_PAGE_SIZE = 250;

export interface CollectionSummary {
  id: string;
  title: string;
  productsCount: number;
  /** Shopify may answer "at least N" for very large collections. */
  countIsExact: boolean;
}

interface CollectionData {
  collection: { id: string; title: string; productsCount: { count: number; precision: "EXACT" | "AT_LEAST" } | null } | null;
}

interface CollectionPageData {
  collection: {
    products: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: ProductNode[] };
  } | null;
}

export async function collectionSummary(admin: AdminClient, collectionId: string): Promise<CollectionSummary> {
  const data = await askShopify<CollectionData>(admin, COLLECTION_FOR_VIDEO_ACTION, { id: collectionId });
  if (!data.collection) throw notFound("collection");
  const count = data.collection.productsCount;
  return {
    id: data.collection.id,
    title: data.collection.title,
    productsCount: count?.count ?? 0,
    countIsExact: count?.precision !== "AT_LEAST",
  };
}

/** The collection's products, one page at a time. */
export async function* collectionProductPages(admin: AdminClient, collectionId: string): AsyncGenerator<SourceProduct[]> {
  let after: string | null = null;
  for (;;) {
    const data: CollectionPageData = await askShopify<CollectionPageData>(admin, COLLECTION_PRODUCTS_PAGE, {
      id: collectionId,
      first: COLLECTION_PAGE_SIZE,
      after,
    });
    // Deleted between the summary and now, or part-way through.
    if (!data.collection) throw notFound("collection");
    const { nodes, pageInfo } = data.collection.products;
    yield await withFallbackImages(admin, nodes.map(sourceOf));
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    after = pageInfo.endCursor;
  }
}
