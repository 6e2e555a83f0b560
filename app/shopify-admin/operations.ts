// Every Admin GraphQL document the app sends, each with the types of its
// variables and result. The types are written by hand (no codegen runs
// offline); graphql-documents.test.ts validates every document in the code
// against the pinned schema (deprecations included) and the emulator tests
// execute each one, so a document and its types cannot drift from what
// Shopify accepts unnoticed.
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

/**
 * A product's featured media: its first media of any kind. Only an image
 * carries `image`; a video first (such as a clip this app put first) comes
 * back as an empty object.
 */
export type FeaturedMedia = { image?: { url: string } | null } | null;

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

// --- Choosing products -------------------------------------------------------

export const PRODUCTS_BY_SKU = adminOperation<ProductsBySkuData, ProductsBySkuVariables>(/* GraphQL */ `
  #graphql
  query ProductsBySku($query: String!, $first: Int!) {
    productVariants(first: $first, query: $query) {
      nodes {
        id
        sku
        product {
          id
          title
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
      product: { id: string; title: string };
    }[];
  };
}

export const PRODUCTS_BY_IDS = adminOperation<ProductsByIdsData, ProductsByIdsVariables>(/* GraphQL */ `
  #graphql
  query ProductsByIds($ids: [ID!]!) {
    nodes(ids: $ids) {
      ... on Product {
        id
        title
        featuredMedia {
          ... on MediaImage {
            image {
              url
            }
          }
        }
        variants(first: 1) {
          nodes {
            id
            sku
          }
        }
        media(first: 50) {
          nodes {
            id
            mediaContentType
            alt
          }
        }
      }
    }
  }
`);

/**
 * Each id costs 58 points (product 1, featured media 1, its image 1,
 * variants 3, media 52), so 17 ids is the most one query can ask for under
 * the 1,000-point limit.
 */
export const PRODUCTS_BY_IDS_BATCH = 17;

export type ProductsByIdsVariables = { ids: string[] };
export interface ProductsByIdsProduct {
  id: string;
  title: string;
  featuredMedia: FeaturedMedia;
  variants: { nodes: { id: string; sku: string | null }[] };
  media: { nodes: { id: string; mediaContentType: MediaContentType; alt: string | null }[] };
}
/** An id that is not a product of the shop comes back as null (or as an empty object for another type). */
export interface ProductsByIdsData {
  nodes: (ProductsByIdsProduct | Record<string, never> | null)[];
}

export const COLLECTION_SUMMARY = adminOperation<CollectionSummaryData, CollectionSummaryVariables>(/* GraphQL */ `
  #graphql
  query CollectionSummary($id: ID!) {
    collection(id: $id) {
      id
      title
      productsCount {
        count
      }
    }
  }
`);

export type CollectionSummaryVariables = { id: string };
export interface CollectionSummaryData {
  collection: { id: string; title: string; productsCount: { count: number } | null } | null;
}

export const COLLECTION_PRODUCTS_PAGE = adminOperation<CollectionProductsPageData, CollectionProductsPageVariables>(/* GraphQL */ `
  #graphql
  query CollectionProductsPage($id: ID!, $first: Int!, $after: String) {
    collection(id: $id) {
      id
      title
      productsCount {
        count
      }
      products(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        nodes {
          id
          title
          featuredMedia {
            ... on MediaImage {
              image {
                url
              }
            }
          }
          variants(first: 1) {
            nodes {
              id
              sku
            }
          }
        }
      }
    }
  }
`);

/**
 * A page costs 4 + 6 x first points (product 1, featured media 1, its image
 * 1, variants 3): 250 products would cost 1,504, over Shopify's 1,000-point
 * limit for one query, so pages hold 166 (1,000 points).
 */
export const COLLECTION_PAGE_SIZE = 166;

export type CollectionProductsPageVariables = { id: string; first: number; after?: string | null };
export interface CollectionProduct {
  id: string;
  title: string;
  featuredMedia: FeaturedMedia;
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

export const STAGED_UPLOADS_CREATE = adminOperation<StagedUploadsCreateData, StagedUploadsCreateVariables>(/* GraphQL */ `
  #graphql
  mutation StagedUploadsCreate($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
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

export const PRODUCT_MEDIA_STATUS = adminOperation<ProductMediaStatusData, ProductMediaStatusVariables>(/* GraphQL */ `
  #graphql
  query ProductMediaStatus($id: ID!) {
    node(id: $id) {
      ... on Media {
        id
        status
        alt
        mediaContentType
        mediaErrors {
          code
          details
          message
        }
        preview {
          image {
            url
          }
        }
      }
      ... on Video {
        sources {
          url
          mimeType
        }
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

// productDeleteMedia is deprecated in 2026-10 ("Use `fileUpdate` instead"):
// a clip is a file of the shop, and removing the product from its references
// takes it off the product page. The file stays in the shop's Files.
export const REMOVE_FROM_PRODUCT = adminOperation<RemoveFromProductData, RemoveFromProductVariables>(/* GraphQL */ `
  #graphql
  mutation RemoveFromProduct($files: [FileUpdateInput!]!) {
    fileUpdate(files: $files) {
      files {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export type RemoveFromProductVariables = { files: { id: string; referencesToRemove: string[] }[] };
export interface FilesUserError extends AdminUserError {
  code: FilesErrorCode | null;
}
/** The codes the app reacts to; Shopify has more (any string is accepted). */
export type FilesErrorCode =
  "FILE_DOES_NOT_EXIST" | "NON_READY_STATE" | "INVALID_FAILED_MEDIA_STATE" | "REFERENCE_TARGET_DOES_NOT_EXIST" | (string & {});
export interface RemoveFromProductData {
  fileUpdate: { files: { id: string }[] | null; userErrors: FilesUserError[] } | null;
}

// fileUpdate refuses a file whose processing failed; such a clip is of no use
// anywhere, so it is deleted from the shop (and so from the product).
export const DELETE_FILES = adminOperation<DeleteFilesData, DeleteFilesVariables>(/* GraphQL */ `
  #graphql
  mutation DeleteFiles($fileIds: [ID!]!) {
    fileDelete(fileIds: $fileIds) {
      deletedFileIds
      userErrors {
        field
        message
        code
      }
    }
  }
`);

export type DeleteFilesVariables = { fileIds: string[] };
export interface DeleteFilesData {
  fileDelete: { deletedFileIds: string[] | null; userErrors: FilesUserError[] } | null;
}

export const PRODUCT_REORDER_MEDIA = adminOperation<ProductReorderMediaData, ProductReorderMediaVariables>(/* GraphQL */ `
  #graphql
  mutation ProductReorderMedia($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job {
        id
      }
      mediaUserErrors {
        field
        message
        code
      }
    }
  }
`);

/** newPosition is an UnsignedInt64, sent as a decimal string; 0 is first. */
export type ProductReorderMediaVariables = { id: string; moves: { id: string; newPosition: string }[] };
export interface ProductReorderMediaData {
  productReorderMedia: { job: { id: string } | null; mediaUserErrors: AdminMediaUserError[] } | null;
}

// --- The shop ------------------------------------------------------------------

export const SHOP_INFO = adminOperation<ShopInfoData, ShopInfoVariables>(/* GraphQL */ `
  #graphql
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
  RemoveFromProduct: REMOVE_FROM_PRODUCT,
  DeleteFiles: DELETE_FILES,
  ProductReorderMedia: PRODUCT_REORDER_MEDIA,
  ShopInfo: SHOP_INFO,
} as const;
