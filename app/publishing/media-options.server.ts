// The shop's publishing options: replace the clip this app published before
// for the same product, and put the new clip first in the product's media.
import { ShopifyRefusedError, type AdminGraphql, type UserError } from "./admin-graphql";

export const PRODUCT_DELETE_MEDIA = /* GraphQL */ `#graphql
  mutation RemovePreviousVideo($productId: ID!, $mediaIds: [ID!]!) {
    productDeleteMedia(productId: $productId, mediaIds: $mediaIds) {
      deletedMediaIds
      mediaUserErrors { field message code }
    }
  }
`;

export const PRODUCT_REORDER_MEDIA = /* GraphQL */ `#graphql
  mutation PutVideoFirst($id: ID!, $moves: [MoveInput!]!) {
    productReorderMedia(id: $id, moves: $moves) {
      job { id }
      mediaUserErrors { field message code }
    }
  }
`;

export async function removeClips(admin: AdminGraphql, productId: string, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const data = await admin.request<{ productDeleteMedia: { mediaUserErrors: UserError[] } }>(PRODUCT_DELETE_MEDIA, { productId, mediaIds });
  // Already gone is what we wanted.
  const errors = data.productDeleteMedia.mediaUserErrors.filter((e) => e.code !== "MEDIA_DOES_NOT_EXIST");
  if (errors.length > 0) throw new ShopifyRefusedError(errors, "Shopify kept the previous video");
}

export async function putClipFirst(admin: AdminGraphql, productId: string, mediaId: string): Promise<void> {
  const data = await admin.request<{ productReorderMedia: { mediaUserErrors: UserError[] } }>(PRODUCT_REORDER_MEDIA, {
    id: productId,
    moves: [{ id: mediaId, newPosition: "0" }],
  });
  if (data.productReorderMedia.mediaUserErrors.length > 0) throw new ShopifyRefusedError(data.productReorderMedia.mediaUserErrors, "Shopify did not reorder the media");
}
