// Finding the product behind each SKU (a manifest's rows) through the Admin
// API: productVariants searched for a chunk of SKUs at a time, then matched
// exactly (Shopify's search also returns near matches).
import { skuSearchQuery } from "./sku-search";
import type { AdminClient } from "~/shopify-admin/admin-client";

export const VARIANTS_BY_SKU_QUERY = `#graphql
  query VariantsBySku($query: String!, $after: String) {
    productVariants(first: 250, after: $after, query: $query) {
      nodes { id sku product { id title } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/** Keeps each search query short enough for Shopify's search while needing few requests. */
export const SKUS_PER_REQUEST = 50;

export interface SkuProduct {
  productId: string;
  productTitle: string;
  variantId: string;
}

interface VariantsPage {
  productVariants: {
    nodes: { id: string; sku: string | null; product: { id: string; title: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** Why a row's SKU cannot become a video, given how many products have it; null for exactly one. */
export function skuMatchProblem(sku: string, products: number): string | null {
  if (products === 1) return null;
  return products === 0
    ? `no product in your store has the SKU "${sku}"`
    : `the SKU "${sku}" belongs to ${products} products; give each product its own SKU`;
}

/**
 * For each SKU, the distinct products that have a variant with exactly that
 * SKU: none (unknown SKU), one (a match) or several (ambiguous).
 */
export async function productsBySku(admin: AdminClient, skus: readonly string[]): Promise<Map<string, SkuProduct[]>> {
  const wanted = [...new Set(skus)];
  const found = new Map<string, SkuProduct[]>(wanted.map((sku) => [sku, []]));
  for (let i = 0; i < wanted.length; i += SKUS_PER_REQUEST) {
    const query = skuSearchQuery(wanted.slice(i, i + SKUS_PER_REQUEST));
    let after: string | null = null;
    for (;;) {
      const page: VariantsPage = await admin.request(VARIANTS_BY_SKU_QUERY, { query, after });
      for (const variant of page.productVariants.nodes) {
        const products = variant.sku === null ? undefined : found.get(variant.sku);
        if (products && !products.some((p) => p.productId === variant.product.id)) {
          products.push({ productId: variant.product.id, productTitle: variant.product.title, variantId: variant.id });
        }
      }
      const { hasNextPage, endCursor } = page.productVariants.pageInfo;
      if (!hasNextPage || !endCursor) break;
      after = endCursor;
    }
  }
  return found;
}
