// Reading the merchant's catalog through the Admin API can fail (the app lost
// access, Shopify is slow). Pages show one plain sentence; the log keeps the cause.
import { logger } from "~/logging/logger.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { isAccessRevoked, type AdminClient } from "~/shopify-admin/admin-client";

export class StoreUnavailableError extends Error {}

export const NO_ACCESS_MESSAGE =
  "The app can't reach your store's products right now. Reload the page, or reinstall the app if this keeps happening.";
export const STORE_ERROR_MESSAGE = "Shopify didn't answer while we were reading your products. Try again in a minute.";

export async function readFromStore<T>(ctx: PipelineContext, shop: string, work: (admin: AdminClient) => Promise<T>): Promise<T> {
  const admin = await ctx.adminFor(shop);
  if (!admin) throw new StoreUnavailableError(NO_ACCESS_MESSAGE);
  try {
    return await work(admin);
  } catch (error) {
    logger.warn({ shop, err: (error as Error).message }, "reading the shop's catalog failed");
    throw new StoreUnavailableError(isAccessRevoked(error) ? NO_ACCESS_MESSAGE : STORE_ERROR_MESSAGE);
  }
}
