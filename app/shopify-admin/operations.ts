// Every Admin GraphQL document the app sends, each with the types of its
// variables and result. The types are written by hand (no codegen runs
// offline); operations.test.ts validates every document against the pinned
// 2025-01 schema and the emulator tests execute each one, so a document and
// its types cannot drift from what Shopify accepts unnoticed.
//
// Costs quoted below follow Shopify's model (object 1, connection
// 2 + first x item, mutation 10; 1,000 points at most per query).

/** A document string that carries its result and variable types to the gateway. */
export type AdminOperation<TData, TVariables> = string & { readonly __operation?: [TData, TVariables] };

function adminOperation<TData, TVariables>(document: string): AdminOperation<TData, TVariables> {
  return document as AdminOperation<TData, TVariables>;
}

export interface AdminUserError {
  field: string[] | null;
  message: string;
}

export interface AdminMediaUserError extends AdminUserError {
  code: MediaUserErrorCode | null;
}

/** The codes the app reacts to; Shopify has more (any string is accepted). */
export type MediaUserErrorCode =
  | "INVALID"
  | "BLANK"
  | "PRODUCT_DOES_NOT_EXIST"
  | "MEDIA_DOES_NOT_EXIST"
  | "MEDIA_DOES_NOT_EXIST_ON_PRODUCT"
  | "INVALID_MEDIA_TYPE"
  | "PRODUCT_MEDIA_LIMIT_EXCEEDED"
  | "VIDEO_VALIDATION_ERROR"
  | "VIDEO_THROTTLE_EXCEEDED"
  | (string & {});

export type MediaStatus = "UPLOADED" | "PROCESSING" | "READY" | "FAILED";
export type MediaContentType = "VIDEO" | "EXTERNAL_VIDEO" | "MODEL_3D" | "IMAGE";

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

// --- Choosing products -------------------------------------------------------

export const PRODUCTS_BY_SKU = adminOperation<ProductsBySkuData, ProductsBySkuVariables>(/* GraphQL */ `#graphql
  query ProductsBySku($query: String!, $first: Int!) {
    productVariants(first: $first, query: $query) {
      nodes {
        id
        sku
        product {
          id
          title
          featuredImage { url }
        }
      }
    }
  }
`);

export type ProductsBySkuVariables = { query: string; first: number };
export interface ProductsBySkuData {
  productVariants: {
    nodes: {
      id: string;
      sku: string | null;
      product: { id: string; title: string; featuredImage: { url: string } | null };
    }[];
  };
}

/**
 * Shopify's search syntax for "any of these SKUs". Values are quoted so a SKU
 * with spaces, colons or dashes is matched whole.
 */
export function skuSearchQuery(skus: readonly string[]): string {
  return skus.map((sku) => `sku:"${sku.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(" OR ");
}

export const PRODUCTS_BY_IDS = adminOperation<ProductsByIdsData, ProductsByIdsVariables>(/* GraphQL */ `#graphql
  query ProductsByIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        featuredImage { url }
        variants(first: 1) { nodes { id sku } }
        media(first: 50) { nodes { id mediaContentType alt } }
      }
    }
  }
`);

/**
 * Each id costs 57 points (product 1, image 1, variants 3, media 52), so 17
 * ids is the most one query can ask for under the 1,000-point limit.
 */
export const PRODUCTS_BY_IDS_BATCH = 17;

export type ProductsByIdsVariables = { ids: string[] };
export interface ProductsByIdsProduct {
  id: string;
  title: string;
  featuredImage: { url: string } | null;
  variants: { nodes: { id: string; sku: string | null }[] };
  media: { nodes: { id: string; mediaContentType: MediaContentType; alt: string | null }[] };
}
/** An id that is not a product of the shop comes back as null (or as an empty object for another type). */
export interface ProductsByIdsData {
  nodes: (ProductsByIdsProduct | Record<string, never> | null)[];
}

export const COLLECTION_SUMMARY = adminOperation<CollectionSummaryData, CollectionSummaryVariables>(/* GraphQL */ `#graphql
  query CollectionSummary($id: ID!) {
    collection(id: $id) {
      id
      title
      productsCount { count }
    }
  }
`);

export type CollectionSummaryVariables = { id: string };
export interface CollectionSummaryData {
  collection: { id: string; title: string; productsCount: { count: number } | null } | null;
}

export const COLLECTION_PRODUCTS_PAGE = adminOperation<CollectionProductsPageData, CollectionProductsPageVariables>(/* GraphQL */ `#graphql
  query CollectionProductsPage($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      title
      productsCount { count }
      products(first: $first, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id
          title
          featuredImage { url }
          variants(first: 1) { nodes { id sku } }
        }
      }
    }
  }
`);

/**
 * A page costs 4 + 5 x first points: 250 products would cost 1,254, over
 * Shopify's 1,000-point limit for one query, so pages hold 180 (904 points).
 */
export const COLLECTION_PAGE_SIZE = 180;

export type CollectionProductsPageVariables = { id: string; first: number; after?: string | null };
export interface CollectionProduct {
  id: string;
  title: string;
  featuredImage: { url: string } | null;
  variants: { nodes: { id: string; sku: string | null }[] };
}
export interface CollectionProductsPageData {
  collection: {
    id: string;
    title: string;
    productsCount: { count: number } | null;
    products: { pageInfo: PageInfo; nodes: CollectionProduct[] };
  } | null;
}

// --- Publishing a clip ---------------------------------------------------------

export const STAGED_UPLOADS_CREATE = adminOperation<StagedUploadsCreateData, StagedUploadsCreateVariables>(/* GraphQL */ `#graphql
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters { name value }
      }
      userErrors { field message }
    }
  }
`);

export interface StagedUploadInput {
  resource: "VIDEO";
  filename: string;
  mimeType: string;
  /** Exact byte size, as a decimal string (UnsignedInt64): the storage refuses any other size. */
  fileSize: string;
  httpMethod: "POST";
}
export type StagedUploadsCreateVariables = { input: StagedUploadInput[] };
export interface StagedUploadTarget {
  url: string | null;
  resourceUrl: string | null;
  parameters: { name: string; value: string }[];
}
export interface StagedUploadsCreateData {
  stagedUploadsCreate: { stagedTargets: StagedUploadTarget[] | null; userErrors: AdminUserError[] } | null;
}

// productCreateMedia is deprecated in favour of productUpdate(media:); its
// document lives with its only caller, app/publishing/attach-media.server.ts,
// so switching is a change to that one file.

export const PRODUCT_MEDIA_STATUS = adminOperation<ProductMediaStatusData, ProductMediaStatusVariables>(/* GraphQL */ `#graphql
  query ProductMediaStatus($id: ID!) {
    node(id: $id) {
      ... on Media {
        id
        status
        alt
        mediaContentType
        mediaErrors { code details message }
        preview { image { url } }
      }
      ... on Video {
        sources { url mimeType }
      }
    }
  }
`);

export type ProductMediaStatusVariables = { id: string };
export interface MediaError {
  code: string;
  details: string | null;
  message: string;
}
export interface ProductMediaStatusData {
  node: {
    id: string;
    status: MediaStatus;
    alt: string | null;
    mediaContentType: MediaContentType;
    mediaErrors: MediaError[];
    preview: { image: { url: string } | null } | null;
    sources?: { url: string; mimeType: string }[];
  } | null;
}

export const PRODUCT_DELETE_MEDIA = adminOperation<ProductDeleteMediaData, ProductDeleteMediaVariables>(/* GraphQL */ `#graphql
  mutation ProductDeleteMedia($productId: ID!, $mediaIds: [ID!]!) {
    productDeleteMedia(productId: $productId, mediaIds: $mediaIds) {
      deletedMediaIds
      mediaUserErrors { field message code }
    }
  }
`);

export type ProductDeleteMediaVariables = { productId: string; mediaIds: string[] };
export interface ProductDeleteMediaData {
  productDeleteMedia: { deletedMediaIds: string[] | null; mediaUserErrors: AdminMediaUserError[] } | null;
}

export const PRODUCT_REORDER_MEDIA = adminOperation<ProductReorderMediaData, ProductReorderMediaVariables>(/* GraphQL */ `#graphql
  mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job { id }
      mediaUserErrors { field message code }
    }
  }
`);

/** newPosition is an UnsignedInt64, sent as a decimal string; 0 is first. */
export type ProductReorderMediaVariables = { id: string; moves: { id: string; newPosition: string }[] };
export interface ProductReorderMediaData {
  productReorderMedia: { job: { id: string } | null; mediaUserErrors: AdminMediaUserError[] } | null;
}

// --- The shop ------------------------------------------------------------------

export const SHOP_INFO = adminOperation<ShopInfoData, ShopInfoVariables>(/* GraphQL */ `#graphql
  query ShopInfo {
    shop {
      name
      myshopifyDomain
      currencyCode
    }
  }
`);

export type ShopInfoVariables = Record<string, never>;
export interface ShopInfoData {
  shop: { name: string; myshopifyDomain: string; currencyCode: string };
}

/** Every document above, by operation name, for the schema and emulator tests. */
export const ADMIN_OPERATIONS = {
  ProductsBySku: PRODUCTS_BY_SKU,
  ProductsByIds: PRODUCTS_BY_IDS,
  CollectionSummary: COLLECTION_SUMMARY,
  CollectionProductsPage: COLLECTION_PRODUCTS_PAGE,
  StagedUploadsCreate: STAGED_UPLOADS_CREATE,
  ProductMediaStatus: PRODUCT_MEDIA_STATUS,
  ProductDeleteMedia: PRODUCT_DELETE_MEDIA,
  ProductReorderMedia: PRODUCT_REORDER_MEDIA,
  ShopInfo: SHOP_INFO,
} as const;
