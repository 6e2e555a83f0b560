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

export const PRODUCT_MEDIA_BY_ALT = /* GraphQL */ `
  #graphql
  query ProductVideos($id: ID!) {
    product(id: $id) {
      id
      media(first: 50, query: "media_type:VIDEO") {
        nodes {
          id
          alt
          mediaContentType
          status
        }
      }
    }
  }
`;

export interface CreateMediaData {
  productCreateMedia: { media: { id: string; status: string }[] | null; mediaUserErrors: UserError[] };
}
interface ProductVideosData {
  product: { id: string; media: { nodes: { id: string; alt: string | null; mediaContentType: string }[] } } | null;
}

/**
 * The alt text carries the job's id: after a crash between Shopify creating
 * the media and us saving its id, the retry finds the clip instead of adding
 * a second one.
 */
export function altTextFor(productTitle: string, jobId: string): string {
  return `${productTitle} product video [cm:${jobId}]`;
}

export async function findAttachedClip(admin: AdminClient, productId: string, jobId: string): Promise<string | null> {
  const data = await admin.request<ProductVideosData>(PRODUCT_MEDIA_BY_ALT, { id: productId });
  if (!data.product) throw AdminApiError.fromUserErrors([{ message: "The product no longer exists" }], "Publishing stopped");
  const marker = `[cm:${jobId}]`;
  return data.product.media.nodes.find((m) => m.alt?.includes(marker))?.id ?? null;
}

export async function attachClip(admin: AdminClient, input: { productId: string; resourceUrl: string; alt: string }): Promise<string> {
  const data = await admin.request<CreateMediaData>(PRODUCT_CREATE_MEDIA, {
    productId: input.productId,
    media: [{ originalSource: input.resourceUrl, mediaContentType: "VIDEO", alt: input.alt }],
  });
  const { media, mediaUserErrors } = data.productCreateMedia;
  if (mediaUserErrors.length > 0) throw AdminApiError.fromUserErrors(mediaUserErrors, "Shopify refused the video");
  const id = media?.[0]?.id;
  if (!id) throw new Error("Shopify created no media for the video");
  return id;
}
