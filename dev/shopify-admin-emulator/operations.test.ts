// The app's Admin GraphQL documents, executed by the emulator against
// the real 2026-10 schema: the answers have the shape the app's types claim,
// and what Shopify would refuse is refused the way Shopify refuses it.
import { skuSearchQuery } from "../../app/catalog/sku-search";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COLLECTION_PAGE_SIZE, COLLECTION_PRODUCTS, COLLECTION_SUMMARY } from "../../app/catalog/collections.server";
import { CHOSEN_PRODUCTS, IDS_PER_REQUEST, PRODUCT_FOR_VIDEO, type ProductNode } from "../../app/catalog/products.server";
import { VARIANTS_BY_SKU_QUERY } from "../../app/catalog/sku-match.server";
import { SHOP_INFO, type ShopInfoData } from "../../app/shopify-admin/operations";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";
import type { ShopRecord } from "./catalog";
import { addDemoCollection, createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { firstShop, putReadyVideoFirst, rawClient } from "./test-support";

/** The 1-based line of a document on which `text` first stands, as GraphQL error locations count. */
function lineOf(document: string, text: string): number {
  return document.split("\n").findIndex((line) => line.includes(text)) + 1;
}

let emulator: AdminEmulator;
let shop: ShopRecord;
let other: ShopRecord;
let send: ReturnType<typeof rawClient>;

type VariantsBySkuData = { productVariants: { nodes: { id: string; sku: string | null; product: { id: string; title: string } }[] } };
type ChosenProductsData = { nodes: (ProductNode | null)[] };
type CollectionSummaryData = { collection: { id: string; title: string; productsCount: { count: number; precision: string } } | null };
type CollectionProductsData = {
  collection: { title: string; products: { nodes: ProductNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } | null;
};
type ProductForVideoData = { product: { featuredMedia: object | null; media: { nodes: { mediaContentType: string }[] } } | null };

beforeAll(async () => {
  const catalog = createDemoCatalog({ shops: 2, productsPerShop: 30, seed: 11 });
  emulator = await startAdminEmulator({ catalog, seed: 11, throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  shop = firstShop(emulator);
  other = [...catalog.shops.values()][1];
  send = rawClient(emulator, shop);
});
afterAll(async () => {
  await emulator.stop();
});

describe("the app's queries, executed", () => {
  it("ShopInfo answers the calling shop, chosen by its access token", async () => {
    const answer = await send<ShopInfoData>(SHOP_INFO);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ shop: { name: shop.name, myshopifyDomain: shop.domain, currencyCode: shop.currencyCode } });
    expect(answer.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 1,
      actualQueryCost: 1,
      throttleStatus: { maximumAvailable: 1_000_000 },
    });

    const otherAnswer = await rawClient(emulator, other)<ShopInfoData>(SHOP_INFO);
    expect(otherAnswer.body.data?.shop.myshopifyDomain).toBe(other.domain);
  });

  it("VariantsBySku finds variants and their products for several SKUs at once, and only the calling shop's", async () => {
    const [a, b] = emulator.catalog.productsOf(shop.domain);
    const foreign = emulator.catalog.productsOf(other.domain)[0];
    const skus = [a.variants[0].sku, b.variants[0].sku, foreign.variants[0].sku, "NO-SUCH-SKU"];
    const answer = await send<VariantsBySkuData>(VARIANTS_BY_SKU_QUERY, { query: skuSearchQuery(skus), after: null });

    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data?.productVariants.nodes ?? [];
    expect(nodes.map((n) => n.sku)).toEqual([a.variants[0].sku, b.variants[0].sku]);
    expect(nodes[0]).toEqual({
      id: gid("ProductVariant", a.variants[0].id),
      sku: a.variants[0].sku,
      product: { id: gid("Product", a.id), title: a.title },
    });
    // Its requested cost is the worst case (250 variants); the bucket is charged what came back.
    expect(answer.body.extensions?.cost).toMatchObject({ requestedQueryCost: 502, actualQueryCost: 6 });
  });

  it("ChosenProducts answers products with their first variant, null for ids the shop does not have", async () => {
    const products = emulator.catalog.productsOf(shop.domain).slice(0, 15);
    const foreign = emulator.catalog.productsOf(other.domain)[0];
    const ids = [...products.map((p) => gid("Product", p.id)), gid("Product", foreign.id), gid("Product", 1)];
    const answer = await send<ChosenProductsData>(CHOSEN_PRODUCTS, { ids });

    expect(answer.body.errors).toBeUndefined();
    const nodes = answer.body.data?.nodes ?? [];
    expect(nodes).toHaveLength(ids.length);
    expect(nodes.slice(-2)).toEqual([null, null]);
    expect(nodes[0]).toEqual({
      id: gid("Product", products[0].id),
      title: products[0].title,
      featuredMedia: { image: { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/product-images\/\d+\.png$/) } },
      variants: { nodes: [{ id: gid("ProductVariant", products[0].variants[0].id), sku: products[0].variants[0].sku }] },
    });
    expect(answer.body.extensions?.cost.requestedQueryCost).toBe(ids.length * 6);

    const featured = nodes[0]!;
    const image = await fetch(featured.featuredMedia!.image!.url);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString("latin1"),
    ).toBe("PNG");
  });

  it("a product whose first media is a video has that video as its featured media, and no image in it", async () => {
    const product = emulator.catalog.productsOf(shop.domain)[3];
    const video = putReadyVideoFirst(emulator.catalog, product);
    try {
      const answer = await send<ProductForVideoData>(PRODUCT_FOR_VIDEO, { id: gid("Product", product.id) });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data?.product).toMatchObject({
        featuredMedia: {},
        media: { nodes: [{ mediaContentType: "VIDEO" }, { mediaContentType: "IMAGE" }] },
      });
    } finally {
      product.media.shift();
      emulator.catalog.media.delete(video.id);
    }
  });

  it("ChosenProducts with 17 ids more than IDS_PER_REQUEST exceeds the 1,000-point query limit", async () => {
    const ids = Array.from({ length: IDS_PER_REQUEST + 17 }, (_, i) => gid("Product", i + 1));
    expect((await send(CHOSEN_PRODUCTS, { ids: ids.slice(0, IDS_PER_REQUEST) })).body.errors).toBeUndefined();
    const answer = await send(CHOSEN_PRODUCTS, { ids });
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringMatching(/^Query cost is 1002, which exceeds the single query max cost limit \(1000\)\./),
        extensions: { code: "MAX_COST_EXCEEDED", cost: 1002, maxCost: 1000 },
      },
    ]);
  });

  it("CollectionSummary answers the title and product count, exact; another shop's collection is null", async () => {
    const featured = emulator.catalog.collectionsOf(shop.domain)[0];
    const answer = await send<CollectionSummaryData>(COLLECTION_SUMMARY, { id: gid("Collection", featured.id) });
    expect(answer.body.data).toEqual({
      collection: { id: gid("Collection", featured.id), title: "Featured", productsCount: { count: 30, precision: "EXACT" } },
    });

    const foreign = emulator.catalog.collectionsOf(other.domain)[0];
    expect((await send<CollectionSummaryData>(COLLECTION_SUMMARY, { id: gid("Collection", foreign.id) })).body.data).toEqual({
      collection: null,
    });
  });

  it("CollectionProducts walks a 10,000-product collection with opaque cursors, every product once", async () => {
    const big = addDemoCollection(emulator.catalog, shop.domain, { title: "Spring Catalog", size: 10_000 });
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const answer: Awaited<ReturnType<typeof send<CollectionProductsData>>> = await send<CollectionProductsData>(COLLECTION_PRODUCTS, {
        id: gid("Collection", big.id),
        first: COLLECTION_PAGE_SIZE,
        after,
      });
      expect(answer.body.errors).toBeUndefined();
      const collection = answer.body.data?.collection;
      if (!collection) throw new Error("collection missing");
      expect(collection.title).toBe("Spring Catalog");
      expect(collection.products.nodes.length).toBeLessThanOrEqual(COLLECTION_PAGE_SIZE);
      expect(answer.body.extensions?.cost.requestedQueryCost).toBeLessThanOrEqual(1000);
      seen.push(...collection.products.nodes.map((n) => n.id));
      pages += 1;
      if (!collection.products.pageInfo.hasNextPage) break;
      after = collection.products.pageInfo.endCursor;
      expect(after).toMatch(/^[A-Za-z0-9+/]+=*$/);
    }
    expect(pages).toBe(Math.ceil(10_000 / COLLECTION_PAGE_SIZE));
    expect(seen).toHaveLength(10_000);
    expect(new Set(seen).size).toBe(10_000);
    expect(seen).toEqual(big.productIds.map((id) => gid("Product", id)));
  });

  it("a page of 250 is the most Shopify serves: first: 250 is accepted, first: 251 refused before execution", async () => {
    const query = skuSearchQuery(["MUG-1"]);
    const variants = `query Variants($query: String!, $first: Int!) {
    productVariants(first: $first, query: $query) { nodes { id } }
  }`;
    expect((await send(variants, { query, first: 250 })).body.errors).toBeUndefined();

    const refused = await send(variants, { query, first: 251 });
    expect(refused.status).toBe(200);
    expect(refused.body.data).toBeUndefined();
    expect(refused.body.errors).toEqual([
      {
        message: "The first argument on field 'productVariants' cannot exceed 250 (was 251).",
        locations: [{ line: lineOf(variants, "productVariants("), column: 5 }],
        extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" },
      },
    ]);

    const featured = emulator.catalog.collectionsOf(shop.domain)[0];
    const collectionPage = await send(COLLECTION_PRODUCTS, { id: gid("Collection", featured.id), first: 251 });
    expect(collectionPage.body.errors?.[0]).toMatchObject({ extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" } });
    // 250 is a valid page size, but with nested variants the page costs too much (hence COLLECTION_PAGE_SIZE).
    const tooCostly = await send(COLLECTION_PRODUCTS, { id: gid("Collection", featured.id), first: 250 });
    expect(tooCostly.body.errors?.[0]).toMatchObject({ extensions: { code: "MAX_COST_EXCEEDED", cost: 1503 } });
  });

  it("a connection without first or last is refused, as on Shopify", async () => {
    const answer = await send("{ productVariants { nodes { id } } }");
    expect(answer.body.errors).toEqual([
      { message: "you must provide one of first or last", locations: [{ line: 1, column: 3 }], extensions: { code: "MISSING_PAGE_SIZE" } },
    ]);
  });
});

describe("other reads the app's pages make", () => {
  it("products and collections search by plain words and sort by TITLE", async () => {
    const products = emulator.catalog.productsOf(shop.domain);
    const words = products[0].title.replace(/ - /, " ");
    const query = `query($q: String) {
      products(first: 250, query: $q, sortKey: TITLE) { nodes { title } }
      collections(first: 50, query: "featured", sortKey: TITLE) { nodes { title productsCount { count } } }
    }`;
    const answer = await send<{ products: { nodes: { title: string }[] }; collections: { nodes: unknown[] } }>(query, {
      q: words.toUpperCase(),
    });
    expect(answer.body.errors).toBeUndefined();
    const titles = answer.body.data?.products.nodes.map((n) => n.title) ?? [];
    expect(titles).toContain(products[0].title);
    expect(titles.every((title) => title === products[0].title)).toBe(true);
    expect(answer.body.data?.collections.nodes).toEqual([{ title: "Featured", productsCount: { count: 30 } }]);
  });

  it("products page backwards with last/before", async () => {
    type Page = { products: { nodes: { id: string }[]; pageInfo: { endCursor: string; hasPreviousPage: boolean } } };
    const first = await send<Page>("{ products(first: 10, sortKey: TITLE) { nodes { id } pageInfo { endCursor hasPreviousPage } } }");
    const before = first.body.data!.products.pageInfo.endCursor;
    const backwards = await send<Page>(
      "query($before: String) { products(last: 3, before: $before, sortKey: TITLE) { nodes { id } pageInfo { endCursor hasPreviousPage } } }",
      { before },
    );
    expect(backwards.body.data?.products.nodes).toEqual(first.body.data?.products.nodes.slice(6, 9));
    expect(backwards.body.data?.products.pageInfo.hasPreviousPage).toBe(true);
  });

  it("a product's media can be filtered by media_type", async () => {
    const product = emulator.catalog.productsOf(shop.domain)[0];
    const answer = await send<{ product: { images: { nodes: unknown[] }; videos: { nodes: unknown[] } } }>(
      `query($id: ID!) { product(id: $id) {
        images: media(first: 1, query: "media_type:IMAGE") { nodes { ... on MediaImage { image { url } } } }
        videos: media(first: 1, query: "media_type:VIDEO") { nodes { id } }
      } }`,
      { id: gid("Product", product.id) },
    );
    expect(answer.body.data?.product.images.nodes).toEqual([{ image: { url: expect.stringContaining("/product-images/") } }]);
    expect(answer.body.data?.product.videos.nodes).toEqual([]);
  });

  it("a search beyond what the emulator understands is refused explicitly", async () => {
    const answer = await send('{ products(first: 5, query: "vendor:Acme") { nodes { id } } }');
    expect(answer.body.errors).toMatchObject([{ extensions: { code: "EMULATOR_UNSUPPORTED_QUERY" } }]);
  });
});

describe("documents Shopify would refuse", () => {
  it("a field that is not in the 2026-10 schema: HTTP 200, errors in Shopify's words, no data", async () => {
    const misspelled = CHOSEN_PRODUCTS.replace(/image \{\s*url\s*\}/, "image { urll }");
    expect(misspelled).not.toBe(CHOSEN_PRODUCTS);
    const answer = await send(misspelled, { ids: [] });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      errors: [
        {
          message: "Field 'urll' doesn't exist on type 'Image'",
          locations: [{ line: expect.any(Number), column: expect.any(Number) }],
          extensions: { code: "undefinedField", typeName: "Image", fieldName: "urll" },
        },
      ],
    });
    expect(emulator.stats.invalid).toBeGreaterThan(0);
  });

  it("a missing required argument, an unknown argument and a syntax error", async () => {
    expect((await send("{ collection { id } }")).body.errors).toMatchObject([
      { message: "Field 'collection' is missing required arguments: id", extensions: { code: "missingRequiredArguments" } },
    ]);
    expect((await send('{ shop(id: "1") { name } }')).body.errors).toMatchObject([
      { message: "Field 'shop' doesn't accept argument 'id'", extensions: { code: "argumentNotAccepted" } },
    ]);
    expect((await send("{ shop { name }")).body.errors).toMatchObject([
      { extensions: { code: "parseError" }, locations: [{ line: 1, column: 16 }] },
    ]);
  });

  it("a variable of the wrong type is refused before execution", async () => {
    const answer = await send(COLLECTION_SUMMARY, { id: { not: "an id" } });
    expect(answer.body.errors).toMatchObject([
      { message: "Variable $id of type ID! was provided invalid value", extensions: { code: "INVALID_VARIABLE" } },
    ]);
  });

  it("a malformed global id is an error; a well-formed unknown one is null", async () => {
    const malformed = await send(COLLECTION_SUMMARY, { id: "12345" });
    expect(malformed.body.data).toEqual({ collection: null });
    expect(malformed.body.errors).toMatchObject([{ message: "Invalid global id '12345'", path: ["collection"] }]);
    expect((await send(COLLECTION_SUMMARY, { id: gid("Collection", 42) })).body).toMatchObject({ data: { collection: null } });
  });

  it("a field the schema has but the emulator does not model is reported as the emulator's gap, not answered with null", async () => {
    const answer = await send("{ shop { name billingAddress { city } } }");
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors).toMatchObject([
      { message: expect.stringContaining("does not model Shop.billingAddress"), extensions: { code: "EMULATOR_UNSUPPORTED_FIELD" } },
    ]);
  });
});

describe("who may call", () => {
  it("refuses a missing or wrong access token with 401, as Shopify does", async () => {
    const answer = await rawClient(emulator, shop, { token: "shpat_wrong" })(SHOP_INFO);
    expect(answer).toEqual({
      status: 401,
      body: { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" },
    });
  });

  it("on the shop-pinned URL, refuses another shop's token", async () => {
    const pinned = `/${shop.domain}/admin/api/${ADMIN_API_VERSION}/graphql.json`;
    expect((await rawClient(emulator, shop, { path: pinned })(SHOP_INFO)).status).toBe(200);
    expect((await rawClient(emulator, shop, { path: pinned, token: other.accessToken })(SHOP_INFO)).status).toBe(401);
  });

  it("serves only the pinned API version", async () => {
    const answer = await rawClient(emulator, shop, { path: "/admin/api/2024-01/graphql.json" })(SHOP_INFO);
    expect(answer.status).toBe(404);
  });
});
