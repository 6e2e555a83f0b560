// The merchant's products as the app reads them for a video: the in-app
// product list (searched and paged), the products a merchant chose by id, and
// one product with its media (the product page's action). Each product comes
// with the photo its video starts from (product-photo.server.ts) and its
// first variant, which the result manifest reports by SKU.
import type { AdminClient } from "~/shopify-admin/admin-client";
import { featuredImageUrl, firstImageUrl, withFirstImages, type FeaturedMedia } from "./product-photo.server";

/** A product, ready to become a video job: the photo is the one the video starts from, or null. */
export interface CatalogProduct {
  id: string;
  title: string;
  imageUrl: string | null;
  sku: string | null;
  variantId: string | null;
}

/** The fields every product read asks for: 6 points a product (product 1, featured media 1, its image 1, variants 2 + 1). */
export interface ProductNode {
  id: string;
  title: string;
  featuredMedia: FeaturedMedia;
  variants: { nodes: { id: string; sku: string | null }[] };
}

export function catalogProductOf(node: ProductNode): CatalogProduct {
  const variant = node.variants.nodes[0];
  return {
    id: node.id,
    title: node.title,
    imageUrl: featuredImageUrl(node.featuredMedia),
    sku: variant?.sku || null,
    variantId: variant?.id ?? null,
  };
}

export const PRODUCT_LIST = `#graphql
  query ProductList($first: Int, $last: Int, $after: String, $before: String, $query: String) {
    products(first: $first, last: $last, after: $after, before: $before, query: $query, sortKey: TITLE) {
      nodes { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  }
`;

export const CHOSEN_PRODUCTS = `#graphql
  query ChosenProducts($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product { id title featuredMedia { ... on MediaImage { image { url } } } variants(first: 1) { nodes { id sku } } }
    }
  }
`;

// About 155 points: product 1, featured media 2, variants 3, media 2 + 50 x 3.
// The media say whether the product already shows a clip of this app (by
// the filename the publisher gives every upload).
export const PRODUCT_FOR_VIDEO = `#graphql
  query ProductForVideo($id: ID!) {
    product(id: $id) {
      id
      title
      featuredMedia { ... on MediaImage { image { url } } }
      variants(first: 1) { nodes { id sku } }
      media(first: 50) {
        nodes {
          id
          mediaContentType
          ... on MediaImage { image { url } }
          ... on Video { filename }
        }
      }
    }
  }
`;

export const PRODUCTS_PER_PAGE = 25;
/** 900 points a request, under Shopify's 1,000-point limit for one query. */
export const IDS_PER_REQUEST = 150;

export interface ProductListPage {
  products: CatalogProduct[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage?: boolean; startCursor?: string | null; endCursor: string | null };
}

/** The merchant's words as a plain full-text search: search syntax characters are dropped, not interpreted. */
export function productSearchQuery(words: string): string | null {
  const plain = words
    .replace(/[\\"'():*]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return plain ? plain.slice(0, 200) : null;
}

/** One page of the shop's products by title, optionally searched, forwards (after) or backwards (before). */
export async function productListPage(
  admin: AdminClient,
  input: { search: string; after?: string | null; before?: string | null },
): Promise<ProductListPage> {
  const window = input.before
    ? { last: PRODUCTS_PER_PAGE, before: input.before }
    : { first: PRODUCTS_PER_PAGE, after: input.after ?? null };
  const data = await admin.request<{ products: { nodes: ProductNode[]; pageInfo: ProductListPage["pageInfo"] } }>(PRODUCT_LIST, {
    ...window,
    query: productSearchQuery(input.search),
  });
  return { products: await withFirstImages(admin, data.products.nodes.map(catalogProductOf)), pageInfo: data.products.pageInfo };
}

/** Products by id, in the order asked; ids this shop does not have are counted as missing (Shopify answers null for them). */
export async function chosenProducts(admin: AdminClient, ids: readonly string[]): Promise<{ found: CatalogProduct[]; missing: number }> {
  const found: CatalogProduct[] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_REQUEST) {
    const data = await admin.request<{ nodes: (Partial<ProductNode> | null)[] }>(CHOSEN_PRODUCTS, {
      ids: ids.slice(i, i + IDS_PER_REQUEST),
    });
    for (const node of data.nodes) if (node?.id && node.title && node.variants) found.push(catalogProductOf(node as ProductNode));
  }
  return { found: await withFirstImages(admin, found), missing: ids.length - found.length };
}

export interface ProductMedia {
  id: string;
  mediaContentType: string;
  /** A video's uploaded filename; null for other media. */
  filename: string | null;
}

interface ProductForVideoData {
  product:
    | (ProductNode & {
        media: { nodes: { id: string; mediaContentType: string; image?: { url: string } | null; filename?: string | null }[] };
      })
    | null;
}

/** One product with its media, in the product's order; null when the shop has no such product. */
export async function productForVideo(
  admin: AdminClient,
  productId: string,
): Promise<{ product: CatalogProduct; media: ProductMedia[] } | null> {
  const data = await admin.request<ProductForVideoData>(PRODUCT_FOR_VIDEO, { id: productId });
  if (!data.product) return null;
  const product = catalogProductOf(data.product);
  // The fallback photo is already among the media asked for: no second lookup.
  product.imageUrl ??= firstImageUrl(data.product.media.nodes);
  return {
    product,
    media: data.product.media.nodes.map((m) => ({ id: m.id, mediaContentType: m.mediaContentType, filename: m.filename ?? null })),
  };
}
