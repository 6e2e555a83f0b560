// The Admin API on a shop's behalf, from its stored offline session. Used by
// workers (publishing) and by routes that call Shopify outside a request's own
// session. Returns null when the shop has no offline session (uninstalled).
import type { Database } from "~/db.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import type { AdminGraphql } from "./admin-graphql";

export function shopAdminFactory(db: Database, options: { apiOrigin?: string } = {}): (shop: string) => Promise<AdminGraphql | null> {
  return async (shop) => {
    const session = await db.session.findFirst({ where: { shop, isOnline: false }, select: { accessToken: true } });
    if (!session?.accessToken) return null;
    return createAdminGateway({ shop, accessToken: session.accessToken, apiOrigin: options.apiOrigin });
  };
}
