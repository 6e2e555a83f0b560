// The catalog's Admin API documents against the real 2026-10 schema: valid
// as written, refused when a field is misspelled, and cheap enough for
// Shopify's 1,000-point limit on one query at the page sizes the app asks for.
import { Kind, parse, validate, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "~/shopify-admin/schema.server";
import { requestedQueryCost } from "../../dev/shopify-admin-emulator/cost";
import { COLLECTION_LIST, COLLECTION_PAGE_SIZE, COLLECTION_PRODUCTS, COLLECTION_SUMMARY } from "./collections.server";
import { FIRST_PRODUCT_IMAGES } from "./product-photo.server";
import { CHOSEN_PRODUCTS, IDS_PER_REQUEST, PRODUCT_FOR_VIDEO, PRODUCT_LIST, PRODUCTS_PER_PAGE } from "./products.server";
import { VARIANTS_BY_SKU_QUERY } from "./sku-match.server";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `gid://shopify/Product/${i + 1}`);

const DOCUMENTS: [name: string, document: string, variables: Record<string, unknown>][] = [
  ["ProductList", PRODUCT_LIST, { first: PRODUCTS_PER_PAGE, query: "mug" }],
  ["ChosenProducts", CHOSEN_PRODUCTS, { ids: ids(IDS_PER_REQUEST) }],
  ["ProductForVideo", PRODUCT_FOR_VIDEO, { id: "gid://shopify/Product/1" }],
  ["FirstProductImages", FIRST_PRODUCT_IMAGES, { ids: ids(100) }],
  ["CollectionList", COLLECTION_LIST, { query: null }],
  ["CollectionSummary", COLLECTION_SUMMARY, { id: "gid://shopify/Collection/1" }],
  ["CollectionProducts", COLLECTION_PRODUCTS, { id: "gid://shopify/Collection/1", first: COLLECTION_PAGE_SIZE, after: null }],
  ["VariantsBySku", VARIANTS_BY_SKU_QUERY, { query: 'sku:"A"', after: null }],
];

const schema = loadAdminSchema();
const errorsOf = (document: string) => validate(schema, parse(document)).map((e) => e.message);
const costOf = (document: string, variables: Record<string, unknown>) => {
  const operation = parse(document).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return requestedQueryCost(schema, operation, {}, variables);
};

describe("the catalog's Admin API documents", () => {
  it.each(DOCUMENTS)("%s is valid against the 2026-10 schema", (name, document) => {
    expect(document.trimStart().startsWith("#graphql")).toBe(true);
    expect(errorsOf(document)).toEqual([]);
    const operation = parse(document).definitions[0] as OperationDefinitionNode;
    expect(operation.name?.value).toBe(name);
  });

  it.each(DOCUMENTS)("%s stays under Shopify's 1,000-point query cost at the app's page size", (_name, document, variables) => {
    const { cost, errors } = costOf(document, variables);
    expect(errors).toEqual([]);
    expect(cost).toBeLessThanOrEqual(1_000);
  });

  it("fails validation when a field is misspelled, and one more id or a full page of 250 collection products is too expensive", () => {
    expect(errorsOf(PRODUCT_LIST.replace(/image \{\s*url\s*\}/, "image { urll }"))).toEqual([
      'Cannot query field "urll" on type "Image". Did you mean "url"?',
    ]);
    expect(errorsOf(VARIANTS_BY_SKU_QUERY.replace("sku product", "skus product")).length).toBeGreaterThan(0);
    expect(errorsOf(COLLECTION_LIST.replace(/productsCount \{\s*count\s*\}/, "productCount { count }")).length).toBeGreaterThan(0);
    expect(errorsOf(COLLECTION_PRODUCTS.replace("$first: Int!", "$first: String!")).join(" ")).toContain(
      'Variable "$first" of type "String!" used in position expecting type "Int"',
    );

    expect(costOf(CHOSEN_PRODUCTS, { ids: ids(IDS_PER_REQUEST + 17) }).cost).toBeGreaterThan(1_000);
    expect(costOf(COLLECTION_PRODUCTS, { id: "gid://shopify/Collection/1", first: 250 }).cost).toBeGreaterThan(1_000);
  });
});
