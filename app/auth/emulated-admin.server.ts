// The sandbox and the tests open the app inside the Admin API emulator's
// emulated Shopify admin, which serves an App Bridge stand-in (APP_BRIDGE_URL;
// env refuses it anywhere else). Two things follow, and nothing more: pages
// load that script instead of Shopify's CDN one, and the emulated admin's
// origin may frame the app, beside the origins Shopify's library allows.
import { env } from "~/config/env.server";

const SHOPIFY_APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

export function appBridgeScriptUrl(): string {
  return env().APP_BRIDGE_URL ?? SHOPIFY_APP_BRIDGE_URL;
}

/** True when the app runs inside the emulated admin, whose App Bridge has no resource picker and no admin pages to link to. */
export function insideEmulatedAdmin(): boolean {
  return env().APP_BRIDGE_URL !== undefined;
}

/**
 * A document's headers inside the emulated admin: its origin (the stand-in's)
 * may frame the page, and the page preloads the stand-in, not the CDN script
 * (Shopify's library sets both for Shopify admin).
 */
export function adaptToEmulatedAdmin(headers: Headers): void {
  const standIn = env().APP_BRIDGE_URL;
  if (!standIn) return;
  const origin = new URL(standIn).origin;
  const policy = headers.get("Content-Security-Policy");
  if (!policy) headers.set("Content-Security-Policy", `frame-ancestors ${origin};`);
  else if (policy.includes("frame-ancestors"))
    headers.set("Content-Security-Policy", policy.replace("frame-ancestors", `frame-ancestors ${origin}`));
  if (headers.get("Link")?.includes(SHOPIFY_APP_BRIDGE_URL)) headers.set("Link", `<${standIn}>; rel="preload"; as="script";`);
}
