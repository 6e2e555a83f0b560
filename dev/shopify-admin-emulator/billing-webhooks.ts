// Shopify's webhook deliveries for billing topics: JSON, signed with the
// app's secret (X-Shopify-Hmac-Sha256, base64 HMAC-SHA256 of the raw body),
// with the headers the library reads, retried a few times when the app does
// not answer 2xx (Shopify retries for hours; a few quick tries stand in).
import crypto from "node:crypto";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";

export interface BillingWebhookTarget {
  /** The app's origin: topics go to <appUrl>/webhooks/<topic>, as the app's shopify.app.toml subscribes them. */
  appUrl: string;
  apiSecret: string;
}

export async function sendBillingWebhook(target: BillingWebhookTarget, shop: string, topic: string, payload: unknown): Promise<boolean> {
  const body = JSON.stringify(payload);
  const headers = {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": crypto.createHmac("sha256", target.apiSecret).update(body).digest("base64"),
    "x-shopify-shop-domain": shop,
    "x-shopify-api-version": ADMIN_API_VERSION,
    "x-shopify-webhook-id": crypto.randomUUID(),
    "x-shopify-event-id": crypto.randomUUID(),
    "x-shopify-triggered-at": new Date().toISOString(),
  };
  const url = new URL(`/webhooks/${topic}`, target.appUrl).toString();
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const response = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(5_000) });
      if (response.ok) return true;
    } catch {
      // The app is away: try again.
    }
    await new Promise((resolve) => setTimeout(resolve, 200 * (attempt + 1)));
  }
  return false;
}
