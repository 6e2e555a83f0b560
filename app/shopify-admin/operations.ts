// The Admin GraphQL documents of publishing and the shop, each with the types
// of its variables and result (the store's catalog, products, variants,
// collections and SKUs, is read in app/catalog and nowhere else). The types
// are written by hand; graphql-documents.test.ts validates every document in
// the code against the pinned schema (deprecations included) and the emulator
// tests execute each one, so a document and its types cannot drift from what
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
  StagedUploadsCreate: STAGED_UPLOADS_CREATE,
  ProductMediaStatus: PRODUCT_MEDIA_STATUS,
  RemoveFromProduct: REMOVE_FROM_PRODUCT,
  DeleteFiles: DELETE_FILES,
  ProductReorderMedia: PRODUCT_REORDER_MEDIA,
  ShopInfo: SHOP_INFO,
} as const;
