// Step 2 of publishing: attach the uploaded clip to the product.
// productCreateMedia is deprecated in favour of productUpdate(media:); this is
// the only file that names it, so the switch is a change here alone.
import { AdminApiError, type AdminClient, type UserError } from "~/shopify-admin/admin-client";

export const PRODUCT_CREATE_MEDIA = /* GraphQL */ `
  #graphql
  mutation AttachProductVideo($productId: ID!, $media: [CreateMediaInput!]!) {
    productCreateMedia(productId: $productId, media: $media) {
      media {
        id
        status
        mediaContentType
        alt
        ... on Video {
          filename
        }
      }
      mediaUserErrors {
        field
        message
        code
      }
    }
  }
`;

export const PRODUCT_VIDEOS_BY_FILENAME = /* GraphQL */ `
  #graphql
  query ProductVideos($id: ID!) {
    product(id: $id) {
      id
      media(first: 50, query: "media_type:VIDEO") {
        nodes {
          id
          mediaContentType
          status
          ... on Video {
            filename
          }
        }
      }
    }
  }
`;

export interface CreateMediaData {
  productCreateMedia: { media: { id: string; status: string }[] | null; mediaUserErrors: UserError[] };
}
interface ProductVideosData {
  product: { id: string; media: { nodes: { id: string; mediaContentType: string; filename?: string | null }[] } } | null;
}

/**
 * The uploaded file's name carries the job's id: after a crash between
 * Shopify creating the media and us saving its id, the retry finds the clip
 * instead of adding a second one. The name is Shopify's record of the upload,
 * never shown to shoppers, so the alt text stays theirs.
 */
const CLIP_FILENAME_PREFIX = "catalog-motion-";
export function clipFilenameFor(jobId: string): string {
  return `${CLIP_FILENAME_PREFIX}${jobId}.mp4`;
}

/** Whether a product video is one the app attached (by its uploaded filename). */
export function isAppClipFilename(filename: string | null | undefined): boolean {
  return Boolean(filename?.startsWith(CLIP_FILENAME_PREFIX));
}

/** What shoppers and screen readers hear: honest about the video being AI-made when the shop says so (the default). */
export function altTextFor(productTitle: string, options: { aiGenerated: boolean }): string {
  return options.aiGenerated ? `AI-generated video of ${productTitle}` : `Video of ${productTitle}`;
}

export async function findAttachedClip(admin: AdminClient, productId: string, jobId: string): Promise<string | null> {
  const data = await admin.request<ProductVideosData>(PRODUCT_VIDEOS_BY_FILENAME, { id: productId });
  if (!data.product) throw AdminApiError.fromUserErrors([{ message: "The product no longer exists" }], "Publishing stopped");
  const filename = clipFilenameFor(jobId);
  return data.product.media.nodes.find((m) => m.filename === filename)?.id ?? null;
}

/** Shopify's refusals that are the store's, not the clip's: the store is full, or creating videos too fast. */
export class StoreRefusedVideoError extends Error {
  constructor(
    readonly code: "SHOP_MEDIA_LIMIT_EXCEEDED" | "VIDEO_THROTTLE_EXCEEDED" | "FILE_STORAGE_LIMIT_EXCEEDED",
    message: string,
  ) {
    super(message);
  }
}

const STORE_CODES = ["SHOP_MEDIA_LIMIT_EXCEEDED", "VIDEO_THROTTLE_EXCEEDED", "FILE_STORAGE_LIMIT_EXCEEDED"] as const;

export async function attachClip(admin: AdminClient, input: { productId: string; resourceUrl: string; alt: string }): Promise<string> {
  const data = await admin.request<CreateMediaData>(PRODUCT_CREATE_MEDIA, {
    productId: input.productId,
    media: [{ originalSource: input.resourceUrl, mediaContentType: "VIDEO", alt: input.alt }],
  });
  const { media, mediaUserErrors } = data.productCreateMedia;
  const storeRefusal = mediaUserErrors.find((e) => (STORE_CODES as readonly unknown[]).includes(e.code));
  if (storeRefusal) throw new StoreRefusedVideoError(storeRefusal.code as StoreRefusedVideoError["code"], storeRefusal.message);
  if (mediaUserErrors.length > 0) throw AdminApiError.fromUserErrors(mediaUserErrors, "Shopify refused the video");
  const id = media?.[0]?.id;
  if (!id) throw new Error("Shopify created no media for the video");
  return id;
}
