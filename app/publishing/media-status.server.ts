// Step 3 of publishing: Shopify processes an uploaded video before it shows on
// the product (UPLOADED -> PROCESSING -> READY, or FAILED with mediaErrors).
// One look per call: waiting happens between delayed queue entries, never
// inside a worker slot (see media-checks.server.ts).
import { PRODUCT_MEDIA_STATUS, type ProductMediaStatusData } from "~/shopify-admin/operations";
import type { AdminClient } from "~/shopify-admin/admin-client";

export type MediaReadiness =
  { state: "ready" } | { state: "processing" } | { state: "failed"; message: string; codes: string[] } | { state: "missing" };

export async function mediaReadiness(admin: AdminClient, mediaId: string): Promise<MediaReadiness> {
  const { node } = await admin.request<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: mediaId });
  if (!node) return { state: "missing" };
  if (node.status === "READY") return { state: "ready" };
  if (node.status === "FAILED") {
    const reasons = node.mediaErrors.map((e) => e.details || e.message).filter(Boolean);
    return {
      state: "failed",
      codes: node.mediaErrors.map((e) => String(e.code)),
      message: `Shopify could not process this video (${reasons.join("; ") || "no reason given"}). Retry, or regenerate the clip.`,
    };
  }
  return { state: "processing" };
}
