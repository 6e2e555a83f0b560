// In the sandbox and in tests, "Shopify" is the Admin API emulator: calls to
// https://<shop>.myshopify.com/<path> go to <origin>/<shop>.myshopify.com/<path>
// instead (the emulator serves every shop under its domain as a path prefix).
// That covers the Shopify library's own HTTP (token exchange, refresh) and
// the app's Admin client alike. The environment refuses an origin outside the
// sandbox and tests (SHOPIFY_ADMIN_API_ORIGIN), so production calls Shopify.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const SHOP_URL = /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)(\/.*)?$/i;

/** Where a request for `url` goes: the emulator for a shop's URL, unchanged for anything else. */
function shopifyOriginUrl(url: string, origin: string): string {
  const match = SHOP_URL.exec(url);
  if (!match) return url;
  return `${origin.replace(/\/$/, "")}/${match[1].toLowerCase()}${match[2] ?? "/"}`;
}

/** A fetch that sends shops' URLs to `origin` and everything else where it was going. */
export function fetchThroughOrigin(origin: string, inner: typeof fetch = globalThis.fetch): typeof fetch {
  return (input, init) => {
    if (typeof input === "string" || input instanceof URL) return inner(shopifyOriginUrl(input.toString(), origin), init);
    const target = shopifyOriginUrl(input.url, origin);
    return inner(target === input.url ? input : new Request(target, input), init);
  };
}

/** Points the Shopify library's outbound HTTP at `origin`; without one the library keeps calling Shopify. */
export function sendShopifyLibraryTo(origin: string | undefined): void {
  if (origin) setAbstractFetchFunc(fetchThroughOrigin(origin));
}
