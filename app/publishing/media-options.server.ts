// The shop's publishing options: replace the clip this app published before
// for the same product, and put the new clip first in the product's media.
// Also the clean-up of a clip Shopify could not process.
import {
  DELETE_FILES,
  PRODUCT_REORDER_MEDIA,
  REMOVE_FROM_PRODUCT,
  type DeleteFilesData,
  type ProductReorderMediaData,
  type RemoveFromProductData,
} from "~/shopify-admin/operations";
import { AdminApiError, type AdminClient } from "~/shopify-admin/admin-client";

/** Takes the clips off the product page; they stay in the shop's Files, where the merchant can still find them. */
export async function removeClips(admin: AdminClient, productId: string, mediaIds: string[]): Promise<void> {
  if (mediaIds.length === 0) return;
  const data = await admin.request<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
    files: mediaIds.map((id) => ({ id, referencesToRemove: [productId] })),
  });
  // Deleted in Shopify admin already: gone is what we wanted.
  const errors = (data.fileUpdate?.userErrors ?? []).filter((e) => e.code !== "FILE_DOES_NOT_EXIST");
  if (errors.length > 0) throw AdminApiError.fromUserErrors(errors, "Shopify kept the previous video");
}

/** Deletes a clip whose processing failed (fileUpdate refuses a failed file, and nobody can use it). */
export async function discardFailedClip(admin: AdminClient, mediaId: string): Promise<void> {
  const data = await admin.request<DeleteFilesData>(DELETE_FILES, { fileIds: [mediaId] });
  const errors = (data.fileDelete?.userErrors ?? []).filter((e) => e.code !== "FILE_DOES_NOT_EXIST");
  if (errors.length > 0) throw AdminApiError.fromUserErrors(errors, "Shopify kept the video it could not process");
}

export async function putClipFirst(admin: AdminClient, productId: string, mediaId: string): Promise<void> {
  const data = await admin.request<ProductReorderMediaData>(PRODUCT_REORDER_MEDIA, {
    id: productId,
    moves: [{ id: mediaId, newPosition: "0" }],
  });
  const errors = data.productReorderMedia?.mediaUserErrors ?? [];
  if (errors.length > 0) throw AdminApiError.fromUserErrors(errors, "Shopify did not reorder the media");
}
