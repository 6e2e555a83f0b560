// The shop's publishing options: replace the clip this app published before
// for the same product, and put the new clip first in the product's media.
import { PRODUCT_DELETE_MEDIA, PRODUCT_REORDER_MEDIA, type ProductDeleteMediaData, type ProductReorderMediaData } from "~/shopify-admin/operations";
import { ShopifyRefusedError, type AdminGraphql } from "./admin-graphql";

export async function removeClips(admin: AdminGraphql, productId: string, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const data = await admin.request<ProductDeleteMediaData>(PRODUCT_DELETE_MEDIA, { productId, mediaIds });
  // Already gone is what we wanted.
  const errors = (data.productDeleteMedia?.mediaUserErrors ?? []).filter((e) => e.code !== "MEDIA_DOES_NOT_EXIST");
  if (errors.length > 0) throw new ShopifyRefusedError(errors, "Shopify kept the previous video");
}

export async function putClipFirst(admin: AdminGraphql, productId: string, mediaId: string): Promise<void> {
  const data = await admin.request<ProductReorderMediaData>(PRODUCT_REORDER_MEDIA, {
    id: productId,
    moves: [{ id: mediaId, newPosition: "0" }],
  });
  const errors = data.productReorderMedia?.mediaUserErrors ?? [];
  if (errors.length > 0) throw new ShopifyRefusedError(errors, "Shopify did not reorder the media");
}
