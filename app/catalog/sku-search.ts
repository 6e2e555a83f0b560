// Shopify's search syntax for "any of these SKUs", the one copy every SKU
// lookup uses (manifest matching, tests against the emulator).

/** `sku:"A" OR sku:"B"`, quoted so SKUs with spaces, colons, dashes or quotes search as written. */
export function skuSearchQuery(skus: readonly string[]): string {
  return skus.map((sku) => `sku:"${sku.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(" OR ");
}
