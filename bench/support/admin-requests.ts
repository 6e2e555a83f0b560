// Requests to the built app's admin pages as Shopify admin sends them: a fresh
// session token of the sandbox shop (what authenticate.admin verifies) and a
// browser's user agent (the library answers bots, Node's fetch among them, with 410).
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { SANDBOX_APP, SANDBOX_SHOP } from "../../dev/sandbox/demo-shop";

const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";

export async function adminHeaders(extra: Record<string, string> = {}): Promise<Record<string, string>> {
  return {
    authorization: `Bearer ${await signSessionToken({ shop: SANDBOX_SHOP, ...SANDBOX_APP })}`,
    "user-agent": BROWSER_USER_AGENT,
    ...extra,
  };
}
