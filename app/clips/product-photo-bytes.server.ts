// The product photo a clip was rendered from, read for the fidelity check.
// The address is the product's (Shopify's CDN) or a CSV row's, already held to
// the photo-address rule; it is fetched under the same outside-URL rules as a
// clip, restricted to its own host.
import { fetchFromOutside } from "~/security/outbound-fetch.server";
import { logger } from "~/logging/logger.server";

const MAX_PHOTO_BYTES = 25 * 1024 * 1024;

export async function productPhotoBytes(imageUrl: string, devOrigins: readonly string[]): Promise<Buffer | null> {
  try {
    const host = new URL(imageUrl).hostname;
    const answer = await fetchFromOutside(imageUrl, { hosts: [host], devOrigins }, { maxBytes: MAX_PHOTO_BYTES, timeoutMs: 15_000 });
    if (!answer.ok || !answer.body) {
      await answer.body?.cancel();
      return null;
    }
    return Buffer.from(await new Response(answer.body).arrayBuffer());
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "product photo not read for the fidelity check");
    return null;
  }
}
