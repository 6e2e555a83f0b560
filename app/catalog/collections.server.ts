// The merchant's collections as the app reads them: the list to choose from,
// one collection's size (to price it and to pick the read: page by page here,
// or a bulk operation in the background, catalog-reads.server.ts), and its
// products page by page (cursor pagination), so a collection is never asked
// for, or held, in one piece.
import type { AdminClient } from "~/shopify-admin/admin-client";
import { withFirstImages } from "./product-photo.server";
import { catalogProductOf, productSearchQuery, type CatalogProduct, type ProductNode } from "./products.server";

export const COLLECTION_LIST = `#graphql
  query CollectionList($query: String) {
    collections(first: 50, query: $query, sortKey: TITLE) {
      nodes { id title productsCount { count } }
    }
  }
`;

export const COLLECTION_SUMMARY = `#graphql
  query CollectionSummary($id: ID!) {
    collection(id: $id) {
      id
      title
      productsCount { count precision }
    }
  }
`;

// 3 + 6 x first points; Shopify refuses a query over 1,000, so a page of 250
// products (1,503) is too many and a page holds COLLECTION_PAGE_SIZE.
export const COLLECTION_PRODUCTS = `#graphql
  query CollectionProducts($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      title
      products(first: $first, after: $after) {
        nodes { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

export const COLLECTION_PAGE_SIZE = 166;

export interface CollectionSummary {
  id: string;
  title: string;
  productsCount: number;
  /** Shopify may answer "at least N" for very large collections. */
  countIsExact: boolean;
}

interface CollectionSummaryData {
  collection: { id: string; title: string; productsCount: { count: number; precision: "EXACT" | "AT_LEAST" } | null } | null;
}

interface CollectionProductsData {
  collection: {
    title: string;
    products: { nodes: ProductNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

export interface CollectionChoice {
  id: string;
  title: string;
  productsCount: number;
}

/** The shop's collections by title, optionally searched (the first 50). */
export async function collectionList(admin: AdminClient, search = ""): Promise<CollectionChoice[]> {
  const data = await admin.request<{ collections: { nodes: { id: string; title: string; productsCount: { count: number } | null }[] } }>(
    COLLECTION_LIST,
    { query: productSearchQuery(search) },
  );
  return data.collections.nodes.map((c) => ({ id: c.id, title: c.title, productsCount: c.productsCount?.count ?? 0 }));
}

/** A collection's title and size; null when the shop has no such collection. */
export async function collectionSummary(admin: AdminClient, collectionId: string): Promise<CollectionSummary | null> {
  const data = await admin.request<CollectionSummaryData>(COLLECTION_SUMMARY, { id: collectionId });
  if (!data.collection) return null;
  const count = data.collection.productsCount;
  return {
    id: data.collection.id,
    title: data.collection.title,
    productsCount: count?.count ?? 0,
    countIsExact: count?.precision !== "AT_LEAST",
  };
}

/** The shop's collections among `ids` with their sizes; ids it does not have are left out. */
export async function collectionSizes(admin: AdminClient, ids: readonly string[]): Promise<CollectionSummary[]> {
  const sizes: CollectionSummary[] = [];
  for (const id of ids) {
    const summary = await collectionSummary(admin, id);
    if (summary) sizes.push(summary);
  }
  return sizes;
}

/** Thrown by collectionProductPages when the collection is gone (deleted before or during the read). */
export class CollectionGoneError extends Error {
  constructor(readonly collectionId: string) {
    super(`the shop has no collection ${collectionId}`);
  }
}

/** The collection's products, one page at a time, each with its photo; its title comes with every page. */
export async function* collectionProductPages(
  admin: AdminClient,
  collectionId: string,
): AsyncGenerator<{ title: string; products: CatalogProduct[] }> {
  let after: string | null = null;
  for (;;) {
    const data: CollectionProductsData = await admin.request<CollectionProductsData>(COLLECTION_PRODUCTS, {
      id: collectionId,
      first: COLLECTION_PAGE_SIZE,
      after,
    });
    if (!data.collection) throw new CollectionGoneError(collectionId);
    const { nodes, pageInfo } = data.collection.products;
    yield { title: data.collection.title, products: await withFirstImages(admin, nodes.map(catalogProductOf)) };
    if (!pageInfo.hasNextPage || !pageInfo.endCursor) return;
    after = pageInfo.endCursor;
  }
}

/** The collection's first `limit` products (a page at a time); null when the shop has no such collection. */
export async function collectionProducts(
  admin: AdminClient,
  collectionId: string,
  limit: number,
): Promise<{ title: string; products: CatalogProduct[]; truncated: boolean } | null> {
  const products: CatalogProduct[] = [];
  let title = "";
  try {
    for await (const page of collectionProductPages(admin, collectionId)) {
      title = page.title;
      // A page past the limit with products in it means some were left out.
      if (products.length + page.products.length > limit) {
        products.push(...page.products.slice(0, limit - products.length));
        return { title, products, truncated: true };
      }
      products.push(...page.products);
    }
  } catch (error) {
    if (error instanceof CollectionGoneError) return null;
    throw error;
  }
  return { title, products, truncated: false };
}
