// The cost model the emulator charges, on documents whose Shopify cost is
// known, and the bucket that charges it.
import { getOperationAST, Kind, parse, type FragmentDefinitionNode, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../app/shopify-admin/schema.server";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { createShopBuckets } from "./throttle";

let schema: GraphQLSchema;
beforeAll(() => {
  schema = loadAdminSchema();
});

function analyse(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error("no operation");
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
  return {
    requested: requestedQueryCost(schema, operation, fragments, variables),
    actual: (data: unknown) => actualQueryCost(schema, operation, fragments, variables, data),
  };
}

describe("requested query cost", () => {
  it("matches Shopify's documented example: products(first: 10) with variants(first: 5) costs 82", () => {
    const { requested } = analyse("{ products(first: 10) { edges { node { title variants(first: 5) { edges { node { price } } } } } } }");
    expect(requested).toEqual({ cost: 82, errors: [] });
  });

  it("counts 1 per object, nothing for scalars, and nodes(ids:) per id", () => {
    expect(analyse("{ shop { name currencyCode } }").requested.cost).toBe(1);
    expect(
      analyse('{ nodes(ids: ["gid://shopify/Product/1", "gid://shopify/Product/2"]) { id ... on Product { featuredMedia { id } } } }')
        .requested.cost,
    ).toBe(4);
  });

  it("reads page sizes from variables and charges an abstract type its most expensive possibility", () => {
    const query = `query($id: ID!, $n: Int!) {
      node(id: $id) {
        ... on Product { media(first: $n) { nodes { id } } }
        ... on Collection { products(first: $n) { nodes { id featuredMedia { id } } } }
      }
    }`;
    expect(analyse(query, { id: "gid://shopify/Product/1", n: 10 }).requested.cost).toBe(1 + 2 + 10 * 2);
  });

  it("charges each root mutation field 10, whatever it selects", () => {
    const mutation = `mutation { a: productReorderMedia(id: "gid://shopify/Product/1", moves: []) { job { id } }
      b: fileDelete(fileIds: []) { deletedFileIds } }`;
    expect(analyse(mutation).requested.cost).toBe(20);
  });

  it("refuses more than 250 items in an input list", () => {
    const ids = Array.from({ length: 251 }, (_, i) => `gid://shopify/Product/${i + 1}`);
    const { requested } = analyse("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", { ids });
    expect(requested.errors.map((e) => [e.message, e.extensions.code])).toEqual([
      ["The input array size of 251 is greater than the maximum allowed of 250.", "MAX_INPUT_SIZE_EXCEEDED"],
    ]);
  });
});

describe("actual query cost", () => {
  it("counts the items that came back, so a short last page costs less", () => {
    const { requested, actual } = analyse("{ productVariants(first: 100) { nodes { id product { id } } pageInfo { hasNextPage } } }");
    expect(requested.cost).toBe(2 + 100 * 2);
    const data = {
      productVariants: {
        nodes: [
          { id: "1", product: { id: "p" } },
          { id: "2", product: { id: "p" } },
        ],
        pageInfo: { hasNextPage: false },
      },
    };
    expect(actual(data)).toBe(2 + 2 * 2);
  });

  it("does not charge a fragment that did not apply", () => {
    const { actual } = analyse(
      '{ node(id: "gid://shopify/Video/1") { ... on Video { sources { url } } ... on Product { featuredMedia { id } } } }',
    );
    expect(actual({ node: { sources: [{ url: "a" }, { url: "b" }] } })).toBe(1 + 2);
    expect(actual({ node: null })).toBe(0);
  });
});

describe("the shop's cost bucket", () => {
  it("takes a cost it covers, refuses one it does not, refunds, and refills at restoreRate", () => {
    let now = 0;
    const buckets = createShopBuckets({ maximumAvailable: 100, restoreRate: 50 }, () => now);
    expect(buckets.take("a.myshopify.com", 80)).toBe(true);
    expect(buckets.take("a.myshopify.com", 30)).toBe(false);
    expect(buckets.status("a.myshopify.com")).toEqual({ maximumAvailable: 100, currentlyAvailable: 20, restoreRate: 50 });
    // Another shop has its own bucket.
    expect(buckets.take("b.myshopify.com", 100)).toBe(true);
    buckets.refund("a.myshopify.com", 5);
    now = 200; // 10 points restored
    expect(buckets.status("a.myshopify.com").currentlyAvailable).toBe(35);
    now = 10_000;
    expect(buckets.status("a.myshopify.com").currentlyAvailable).toBe(100);
  });
});
