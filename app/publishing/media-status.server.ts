// Step 3 of publishing: Shopify processes an uploaded video before it shows on
// the product (UPLOADED -> PROCESSING -> READY, or FAILED with mediaErrors).
import { PRODUCT_MEDIA_STATUS, type ProductMediaStatusData } from "~/shopify-admin/operations";
import type { AdminClient } from "~/shopify-admin/admin-client";

export type MediaReadiness = { state: "ready" } | { state: "processing" } | { state: "failed"; message: string } | { state: "missing" };

export async function mediaReadiness(admin: AdminClient, mediaId: string): Promise<MediaReadiness> {
  const { node } = await admin.request<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: mediaId });
  if (!node) return { state: "missing" };
  if (node.status === "READY") return { state: "ready" };
  if (node.status === "FAILED") {
    const reasons = node.mediaErrors.map((e) => e.details || e.message).filter(Boolean);
    return {
      state: "failed",
      message: `Shopify could not process this video (${reasons.join("; ") || "no reason given"}). Retry, or regenerate the clip.`,
    };
  }
  return { state: "processing" };
}

export async function waitUntilProcessed(
  admin: AdminClient,
  mediaId: string,
  options: { timeoutMs: number; everyMs: number; sleep?: (ms: number) => Promise<void> },
): Promise<MediaReadiness> {
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const readiness = await mediaReadiness(admin, mediaId);
    if (readiness.state !== "processing" || Date.now() > deadline) return readiness;
    await sleep(options.everyMs);
  }
}
