// The merchant's products and collections, read through the Admin API on the
// shop's behalf: for the in-app product list (which also works where App
// Bridge's resource picker does not) and to turn a choice into batch items.
import { featuredImageUrl, withFirstImages } from "~/catalog/product-photo.server";
import type { AdminClient } from "~/shopify-admin/admin-client";
import type { BatchItem } from "~/pipeline/batches.server";
import type { FeaturedMedia } from "~/shopify-admin/operations";

// 6 points a product in Shopify's cost model: product 1, featured media 1,
// its image 1, variants 2 + 1.
const PRODUCT_FIELDS = `id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } }`;

export const PRODUCTS_QUERY = `#graphql
  query CatalogMotionProducts($first: Int, $last: Int, $after: String, $before: String, $query: String) {
    products(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: TITLE) {
      nodes { ${PRODUCT_FIELDS} }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

export const PRODUCTS_BY_ID_QUERY = `#graphql
  query CatalogMotionProductsById($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { ${PRODUCT_FIELDS} }
    }
  }
`;

export const COLLECTIONS_QUERY = `#graphql
  query CatalogMotionCollections($query: String) {
    collections(first: 50, query: $query, sortKey: TITLE) {
      nodes { id title productsCount { count } }
    }
  }
`;

// 3 + 6 x first points; Shopify refuses a query over 1,000, so 250 products a
// page (1,503) is too many and a page holds COLLECTION_PAGE_SIZE.
export const COLLECTION_PRODUCTS_QUERY = `#graphql
  query CatalogMotionCollectionProducts($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      title
      products(first: $first, after: $after) {
        nodes { ${PRODUCT_FIELDS} }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`;

interface ProductNode {
  id: string;
  title: string;
  featuredMedia: FeaturedMedia;
  variants: { nodes: { id: string; sku: string | null }[] };
}

interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage?: boolean;
  startCursor?: string | null;
  endCursor: string | null;
}

export interface ProductChoice {
  id: string;
  title: string;
  imageUrl: string | null;
  sku: string | null;
  variantId: string | null;
}

export interface CollectionChoice {
  id: string;
  title: string;
  productsCount: number;
}

export const PRODUCTS_PER_PAGE = 25;
export const COLLECTION_PAGE_SIZE = 166;
/** 900 points a request, under Shopify's 1,000-point limit for one query. */
export const IDS_PER_REQUEST = 150;

function choiceOf(node: ProductNode): ProductChoice {
  const variant = node.variants.nodes[0];
  return {
    id: node.id,
    title: node.title,
    imageUrl: featuredImageUrl(node.featuredMedia),
    sku: variant?.sku || null,
    variantId: variant?.id ?? null,
  };
}

/** The merchant's words as a plain full-text search: search syntax characters are dropped, not interpreted. */
export function productSearchQuery(words: string): string | null {
  const plain = words
    .replace(/[\\"'():*]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain ? plain.slice(0, 200) : null;
}

export async function productPage(
  admin: AdminClient,
  input: { search: string; after?: string | null; before?: string | null },
): Promise<{ products: ProductChoice[]; pageInfo: PageInfo }> {
  const window = input.before
    ? { last: PRODUCTS_PER_PAGE, before: input.before }
    : { first: PRODUCTS_PER_PAGE, after: input.after ?? null };
  const data = await admin.request<{ products: { nodes: ProductNode[]; pageInfo: PageInfo } }>(PRODUCTS_QUERY, {
    ...window,
    query: productSearchQuery(input.search),
  });
  return { products: await withFirstImages(admin, data.products.nodes.map(choiceOf)), pageInfo: data.products.pageInfo };
}

export async function collectionList(admin: AdminClient, search = ""): Promise<CollectionChoice[]> {
  const data = await admin.request<{ collections: { nodes: { id: string; title: string; productsCount: { count: number } | null }[] } }>(
    COLLECTIONS_QUERY,
    { query: productSearchQuery(search) },
  );
  return data.collections.nodes.map((c) => ({ id: c.id, title: c.title, productsCount: c.productsCount?.count ?? 0 }));
}

/** Products by id; ids this shop does not have come back as missing (Shopify answers null for them). */
export async function productsById(admin: AdminClient, ids: string[]): Promise<{ found: ProductChoice[]; missing: number }> {
  const found: ProductChoice[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const data = await admin.request<{ nodes: (Partial<ProductNode> | null)[] }>(PRODUCTS_BY_ID_QUERY, {
      ids: ids.slice(i, i + IDS_PER_REQUEST),
    });
    for (const node of data.nodes) if (node?.id && node.title && node.variants) found.push(choiceOf(node as ProductNode));
  }
  return { found: await withFirstImages(admin, found), missing: ids.length - found.length };
}

/**
 * Every product of a collection, a page at a time (cursor pagination), up to
 * `limit`. Returns null when the shop has no such collection.
 */
export async function collectionProducts(
  admin: AdminClient,
  collectionId: string,
  limit: number,
): Promise<{ title: string; products: ProductChoice[]; truncated: boolean } | null> {
  const products: ProductChoice[] = [];
  let after: string | null = null;
  let title = "";
  for (;;) {
    const data: { collection: { title: string; products: { nodes: ProductNode[]; pageInfo: PageInfo } } | null } = await admin.request(
      COLLECTION_PRODUCTS_QUERY,
      { id: collectionId, first: COLLECTION_PAGE_SIZE, after },
    );
    if (!data.collection) return null;
    title = data.collection.title;
    const page = await withFirstImages(admin, data.collection.products.nodes.slice(0, limit - products.length).map(choiceOf));
    products.push(...page);
    if (page.length < data.collection.products.nodes.length) return { title, products, truncated: true };
    const { hasNextPage, endCursor } = data.collection.products.pageInfo;
    if (!hasNextPage || !endCursor) return { title, products, truncated: false };
    after = endCursor;
  }
}

/** Batch items for the products that have an image to animate; the others are counted, not rendered. */
export function itemsFromProducts(products: ProductChoice[], targetSurface: string): { items: BatchItem[]; withoutImage: number } {
  const items: BatchItem[] = [];
  for (const p of products) {
    if (!p.imageUrl) continue;
    items.push({ productId: p.id, productTitle: p.title, variantId: p.variantId, sku: p.sku, imageUrl: p.imageUrl, targetSurface });
  }
  return { items, withoutImage: products.length - items.length };
}
