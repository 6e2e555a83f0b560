// The Admin API for tests that only read products and collections: the app's
// documents run through graphql-js against the REAL 2026-10 schema (so a field
// Shopify does not have, a wrong argument or a bad variable fails as it would
// on Shopify), resolved from a small catalog the test describes. Calls are
// recorded, so a test can assert how the app paged.
import { execute, parse, validate, type GraphQLSchema } from "graphql";
import { loadAdminSchema } from "~/shopify-admin/schema.server";
import type { AdminClient } from "~/shopify-admin/admin-client";

export function realAdminSchema(): GraphQLSchema {
  return loadAdminSchema();
}

export interface CatalogMedia {
  type: "IMAGE" | "VIDEO";
  alt?: string;
  url?: string;
}

export interface CatalogProduct {
  id: number;
  title: string;
  /** In position order; the first is the featured media. */
  media: CatalogMedia[];
}

export interface CatalogCollection {
  id: number;
  title: string;
  productIds: number[];
}

export interface AdminCall {
  operationName: string | null;
  variables: Record<string, unknown>;
}

export interface InMemoryAdmin extends AdminClient {
  calls: AdminCall[];
  /** `first` of every collection products page asked for. */
  collectionPageSizes: number[];
}

const productGid = (id: number) => `gid://shopify/Product/${id}`;
const numberOf = (gid: string, type: string) => {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid);
  return match ? Number(match[1]) : null;
};

function mediaObject(media: CatalogMedia, index: number) {
  return media.type === "IMAGE"
    ? {
        __typename: "MediaImage",
        id: `gid://shopify/MediaImage/${index}`,
        alt: media.alt ?? null,
        mediaContentType: "IMAGE",
        image: media.url ? { url: media.url } : null,
      }
    : { __typename: "Video", id: `gid://shopify/Video/${index}`, alt: media.alt ?? null, mediaContentType: "VIDEO" };
}

function productObject(product: CatalogProduct) {
  const media = product.media.map(mediaObject);
  return {
    __typename: "Product",
    id: productGid(product.id),
    title: product.title,
    featuredMedia: media[0] ?? null,
    media: ({ first, query }: { first?: number; query?: string }) => {
      const onlyImages = query === "media_type:IMAGE";
      return { nodes: media.filter((m) => !onlyImages || m.__typename === "MediaImage").slice(0, first ?? 0) };
    },
  };
}

const cursorOf = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");
const indexOf = (cursor: string) => Number(Buffer.from(cursor, "base64").toString("utf8").replace("cursor:", ""));

export function inMemoryAdmin(catalog: { products: CatalogProduct[]; collections?: CatalogCollection[] }): InMemoryAdmin {
  const products = new Map(catalog.products.map((p) => [p.id, p]));
  const collections = new Map((catalog.collections ?? []).map((c) => [c.id, c]));
  const calls: AdminCall[] = [];
  const collectionPageSizes: number[] = [];

  const findProduct = (gid: string) => {
    const id = numberOf(gid, "Product");
    const product = id === null ? undefined : products.get(id);
    return product ? productObject(product) : null;
  };

  const rootValue = {
    product: ({ id }: { id: string }) => findProduct(id),
    nodes: ({ ids }: { ids: string[] }) => {
      if (ids.length > 250) throw new Error("The nodes field accepts at most 250 ids");
      return ids.map(findProduct);
    },
    collection: ({ id }: { id: string }) => {
      const number = numberOf(id, "Collection");
      const collection = number === null ? undefined : collections.get(number);
      if (!collection) return null;
      return {
        __typename: "Collection",
        id,
        title: collection.title,
        productsCount: { count: collection.productIds.length, precision: "EXACT" },
        products: ({ first, after }: { first?: number; after?: string | null }) => {
          if (!first || first > 250) throw new Error("first must be between 1 and 250");
          collectionPageSizes.push(first);
          const start = after ? indexOf(after) + 1 : 0;
          const ids = collection.productIds.slice(start, start + first);
          const end = start + ids.length - 1;
          return {
            pageInfo: { hasNextPage: end + 1 < collection.productIds.length, endCursor: ids.length ? cursorOf(end) : null },
            nodes: ids.map((pid) => productObject(products.get(pid)!)),
          };
        },
      };
    },
  };

  return {
    calls,
    collectionPageSizes,
    async request<TData>(document: string, variables: Record<string, unknown> = {}): Promise<TData> {
      const parsed = parse(document);
      const invalid = validate(realAdminSchema(), parsed);
      if (invalid.length > 0) throw new Error(`Shopify would refuse this document: ${invalid.map((e) => e.message).join("; ")}`);
      const operation = parsed.definitions.find((d) => d.kind === "OperationDefinition");
      calls.push({ operationName: operation && "name" in operation ? (operation.name?.value ?? null) : null, variables });
      const result = await execute({ schema: realAdminSchema(), document: parsed, rootValue, variableValues: variables });
      if (result.errors?.length) throw new Error(result.errors.map((e) => e.message).join("; "));
      return result.data as TData;
    },
  };
}
