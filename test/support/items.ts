import type { BatchItem } from "~/pipeline/batches.server";

/** n distinct products, each with its own image URL (so a submission names its job). */
export function demoItems(n: number, tag: string, offset = 0): BatchItem[] {
  return Array.from({ length: n }, (_, i) => ({
    productId: `gid://shopify/Product/${offset + i + 1}`,
    productTitle: `Product ${tag}-${i}`,
    sku: `SKU-${tag}-${i}`,
    imageUrl: `https://cdn.example.com/${tag}/${offset + i}.jpg`,
  }));
}
