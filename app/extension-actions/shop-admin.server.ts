// The Admin API on the shop's behalf, for extension requests: through the
// pipeline's adminFor (the app's Admin client on the shop's offline session),
// with Shopify's failures turned into answers a merchant can read. The
// catalog's reads (app/catalog) take this client as they are, so every read
// an extension makes fails the same way.
import { logger } from "~/logging/logger.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { isAccessRevoked, type AdminClient, type AdminDocument, type AdminResult, type AdminVariables } from "~/shopify-admin/admin-client";
import { ExtensionError, shopAccessLost } from "./errors.server";

export async function shopAdmin(ctx: PipelineContext, shop: string): Promise<AdminClient> {
  const admin = await ctx.adminFor(shop);
  if (!admin) throw shopAccessLost();
  return { request: (document, variables) => askShopify(admin, document, variables ?? {}) };
}

/** One Admin API call, typed from its document; the client has already retried what can be retried. */
export async function askShopify<D extends AdminDocument>(
  admin: AdminClient,
  document: D,
  variables: AdminVariables<D>,
): Promise<AdminResult<D>>;
export async function askShopify<TData>(admin: AdminClient, document: string, variables: Record<string, unknown>): Promise<TData>;
export async function askShopify(admin: AdminClient, document: string, variables: unknown): Promise<unknown> {
  try {
    return await admin.request<unknown>(document, variables as Record<string, unknown>);
  } catch (error) {
    if (error instanceof ExtensionError) throw error;
    if (isAccessRevoked(error)) throw shopAccessLost();
    logger.warn({ err: (error as Error).message }, "Admin API call for an extension failed");
    throw new ExtensionError("shopify_unavailable", 502, "Shopify didn't answer as expected. Try again in a minute.");
  }
}
