// The admin pages' Admin API documents against the real 2026-10 schema: valid
// as written, refused when a field is misspelled, and cheap enough for
// Shopify's 1,000-point limit on one query at the page sizes the app asks for.
import { Kind, parse, validate, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import {
  COLLECTION_PAGE_SIZE,
  COLLECTION_PRODUCTS_QUERY,
  COLLECTIONS_QUERY,
  IDS_PER_REQUEST,
  PRODUCTS_BY_ID_QUERY,
  PRODUCTS_PER_PAGE,
  PRODUCTS_QUERY,
} from "~/admin-ui/catalog.server";
import { VARIANTS_BY_SKU_QUERY } from "~/manifests/sku-match.server";
import { loadAdminSchema } from "~/shopify-admin/schema.server";
import { requestedQueryCost } from "../../dev/shopify-admin-emulator/cost";

const DOCUMENTS: [name: string, document: string, variables: Record<string, unknown>][] = [
  ["CatalogMotionProducts", PRODUCTS_QUERY, { first: PRODUCTS_PER_PAGE, query: "mug" }],
  [
    "CatalogMotionProductsById",
    PRODUCTS_BY_ID_QUERY,
    { ids: Array.from({ length: IDS_PER_REQUEST }, (_, i) => `gid://shopify/Product/${i + 1}`) },
  ],
  ["CatalogMotionCollections", COLLECTIONS_QUERY, { query: null }],
  [
    "CatalogMotionCollectionProducts",
    COLLECTION_PRODUCTS_QUERY,
    { id: "gid://shopify/Collection/1", first: COLLECTION_PAGE_SIZE, after: null },
  ],
  ["CatalogMotionVariantsBySku", VARIANTS_BY_SKU_QUERY, { query: 'sku:"A"', after: null }],
];

const schema = loadAdminSchema();
const errorsOf = (document: string) => validate(schema, parse(document)).map((e) => e.message);

describe("the admin pages' Admin API documents", () => {
  it.each(DOCUMENTS)("%s is valid against the 2026-10 schema", (name, document) => {
    expect(document.trimStart().startsWith("#graphql")).toBe(true);
    expect(errorsOf(document)).toEqual([]);
    const operation = parse(document).definitions[0] as OperationDefinitionNode;
    expect(operation.name?.value).toBe(name);
  });

  it.each(DOCUMENTS)("%s stays under Shopify's 1,000-point query cost at the app's page size", (_name, document, variables) => {
    const parsed = parse(document);
    const operation = parsed.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const { cost, errors } = requestedQueryCost(schema, operation, {}, variables);
    expect(errors).toEqual([]);
    expect(cost).toBeLessThanOrEqual(1_000);
  });

  it("fails validation when a field is misspelled, and a full page of 250 collection products would be too expensive", () => {
    expect(errorsOf(PRODUCTS_QUERY.replace(/image \{\s*url\s*\}/, "image { urll }"))).toEqual([
      'Cannot query field "urll" on type "Image". Did you mean "url"?',
    ]);
    expect(errorsOf(VARIANTS_BY_SKU_QUERY.replace("sku product", "skus product")).length).toBeGreaterThan(0);
    expect(errorsOf(COLLECTIONS_QUERY.replace(/productsCount \{\s*count\s*\}/, "productCount { count }")).length).toBeGreaterThan(0);

    const operation = parse(COLLECTION_PRODUCTS_QUERY).definitions[0] as OperationDefinitionNode;
    expect(requestedQueryCost(schema, operation, {}, { id: "gid://shopify/Collection/1", first: 250 }).cost).toBeGreaterThan(1_000);
  });
});
