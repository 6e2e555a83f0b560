// Big reads of the store through Shopify's bulk operations: the query runs
// at Shopify, outside the app's cost budget, and its result is a JSONL file
// read here a line at a time. Documents follow Shopify's bulk rules (no
// variables, at least one connection, at most five, nested at most two deep);
// graphql-documents.test.ts checks them against the pinned schema as it does
// every other document.
import type { AdminClient } from "~/shopify-admin/admin-client";
import { AdminApiError } from "~/shopify-admin/admin-client";
import { featuredImageUrl, withFirstImages, type FeaturedMedia } from "./product-photo.server";

/** What a bulk read is asked to list. */
export type BulkSelection = { kind: "collections"; collectionIds: string[] } | { kind: "all-products" };

const PRODUCT_LINE_FIELDS = `
  id
  title
  featuredMedia {
    ... on MediaImage {
      image {
        url
      }
    }
  }`;

// A product's photo fallback would be a third level of connections
// (collections > products > media), past Shopify's limit of two: products
// whose featured media is not an image get it from withFirstImages, a chunk
// at a time, as the paginated reads do.
export const BULK_PRODUCTS = `#graphql
  query CatalogMotionBulkProducts {
    products {
      edges {
        node {${PRODUCT_LINE_FIELDS}
        }
      }
    }
  }`;

/** Bulk queries take no variables: the chosen collections' search replaces COLLECTIONS_SEARCH_PLACEHOLDER. */
const COLLECTIONS_SEARCH_PLACEHOLDER = '"id:0"';
export const BULK_COLLECTIONS = `#graphql
  query CatalogMotionBulkCollections {
    collections(query: ${COLLECTIONS_SEARCH_PLACEHOLDER}) {
      edges {
        node {
          id
          products {
            edges {
              node {${PRODUCT_LINE_FIELDS}
              }
            }
          }
        }
      }
    }
  }`;

export function bulkQueryFor(selection: BulkSelection): string {
  if (selection.kind === "all-products") return BULK_PRODUCTS;
  // Numeric ids only, so the search needs no escaping beyond JSON's quotes.
  const search = selection.collectionIds.map((id) => `id:${numericIdOf(id)}`).join(" OR ");
  return BULK_COLLECTIONS.replace(COLLECTIONS_SEARCH_PLACEHOLDER, JSON.stringify(search));
}

function numericIdOf(gid: string): string {
  const match = /^gid:\/\/shopify\/Collection\/(\d+)$/.exec(gid);
  if (!match) throw new Error(`not a collection id: ${gid}`);
  return match[1];
}

export const RUN_BULK_QUERY = /* GraphQL */ `
  #graphql
  mutation CatalogMotionRunBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_STATUS = /* GraphQL */ `
  #graphql
  query CatalogMotionBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      rootObjectCount
      url
    }
  }
`;

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELING" | "CANCELED" | "EXPIRED";

export interface BulkOperationState {
  id: string;
  status: BulkStatus;
  errorCode: string | null;
  objectCount: number;
  rootObjectCount: number;
  url: string | null;
}

interface RunData {
  bulkOperationRunQuery: {
    bulkOperation: { id: string; status: BulkStatus } | null;
    userErrors: { field: string[] | null; message: string; code: string | null }[];
  } | null;
}

/** Shopify's answer when the shop already runs as many bulk queries as the app may (one before 2026-01, five since). */
const BUSY_CODES = new Set(["OPERATION_IN_PROGRESS", "LIMIT_REACHED"]);

/** Starts the bulk query; "busy" when the shop has no room for another one now. */
export async function startBulkRead(admin: AdminClient, selection: BulkSelection): Promise<{ id: string } | "busy"> {
  const data = await admin.request<RunData>(RUN_BULK_QUERY, { query: bulkQueryFor(selection) });
  const answer = data.bulkOperationRunQuery;
  const errors = answer?.userErrors ?? [];
  if (errors.some((e) => e.code && BUSY_CODES.has(e.code))) return "busy";
  if (errors.length > 0 || !answer?.bulkOperation) throw AdminApiError.fromUserErrors(errors, "Shopify refused the bulk read");
  return { id: answer.bulkOperation.id };
}

export async function bulkOperationState(admin: AdminClient, id: string): Promise<BulkOperationState | null> {
  const data = await admin.request<{
    bulkOperation: (Omit<BulkOperationState, "objectCount" | "rootObjectCount"> & { objectCount: string; rootObjectCount: string }) | null;
  }>(BULK_OPERATION_STATUS, { id });
  const op = data.bulkOperation;
  return op && { ...op, objectCount: Number(op.objectCount), rootObjectCount: Number(op.rootObjectCount) };
}

export interface BulkProduct {
  id: string;
  title: string;
  imageUrl: string | null;
}

/** How many product lines are completed with their fallback photo at a time. */
const PRODUCTS_PER_CHUNK = 250;

/**
 * The products of a bulk result, a chunk at a time, each with the photo its
 * video starts from (or null). Collection lines (the parents) are skipped;
 * a product in two chosen collections comes twice (createBatch keeps one).
 */
export async function* bulkResultProducts(
  admin: AdminClient,
  lines: AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<BulkProduct[]> {
  let chunk: BulkProduct[] = [];
  for await (const line of lines) {
    const id = typeof line.id === "string" ? line.id : "";
    if (!id.startsWith("gid://shopify/Product/")) continue;
    chunk.push({ id, title: String(line.title ?? ""), imageUrl: featuredImageUrl(line.featuredMedia as FeaturedMedia) });
    if (chunk.length === PRODUCTS_PER_CHUNK) {
      yield await withFirstImages(admin, chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) yield await withFirstImages(admin, chunk);
}
