// The one Admin client for work outside a merchant's request (workers, the
// reconciler, webhooks, extension back ends, admin pages reading the catalog):
// the throttle-aware gateway, authenticated by the shop's stored offline
// session and renewing its token when it is about to expire.
import type { AdminClient } from "./admin-client";
import { createAdminGateway, type AdminGatewayOptions } from "./gateway.server";
import { offlineTokenSource, type OfflineTokenDeps } from "./offline-token.server";

export interface AdminClientsDeps extends OfflineTokenDeps {
  /** The emulator's origin in the sandbox and tests (SHOPIFY_ADMIN_API_ORIGIN). */
  apiOrigin?: string;
  /** Gateway settings for benchmarks and tests (events, retries, clock). */
  gateway?: Omit<AdminGatewayOptions, "shop" | "accessToken" | "apiOrigin">;
}

/** The shop's Admin client; null when the app has no offline session for it (not installed, uninstalled, revoked). */
export type AdminFor = (shop: string) => Promise<AdminClient | null>;

export function adminClients(deps: AdminClientsDeps): AdminFor {
  return async (shop) => {
    const accessToken = await offlineTokenSource(deps, shop);
    return accessToken ? createAdminGateway({ ...deps.gateway, shop, accessToken, apiOrigin: deps.apiOrigin }) : null;
  };
}
