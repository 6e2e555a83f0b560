// The shop's time zone, for every time the merchant reads: Shopify's
// `shop.ianaTimezone`, asked once and kept in ShopSettings.ianaTimezone (a
// shop rarely moves). Without access to the Admin API the pages read UTC: a
// page waits at most READ_WAIT_MS for the answer (the Admin client retries an
// unavailable Shopify for much longer), and a failed read is not tried again
// for RETRY_AFTER_MS in this process, so pages never queue behind Shopify.
import type { Database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { forgetShopSettings } from "~/settings/settings-cache.server";
import { shopSettings } from "~/settings/shop-settings.server";
import type { AdminClient } from "~/shopify-admin/admin-client";

export const SHOP_TIME_ZONE = /* GraphQL */ `
  #graphql
  query ShopTimeZone {
    shop {
      ianaTimezone
    }
  }
`;

const READ_WAIT_MS = 1_500;
const RETRY_AFTER_MS = 5 * 60_000;
const failedAt = new Map<string, number>();

/** Only a real IANA zone is kept: what Intl cannot format with would break every date on the page. */
function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export async function shopTimeZone(
  ctx: { db: Database; adminFor(shop: string): Promise<AdminClient | null> },
  shop: string,
): Promise<string | null> {
  const settings = await shopSettings(ctx.db, shop);
  if (settings.ianaTimezone) return settings.ianaTimezone;
  const failed = failedAt.get(shop);
  if (failed !== undefined && Date.now() - failed < RETRY_AFTER_MS) return null;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), READ_WAIT_MS);
    timer.unref();
  });
  const zone = await Promise.race([readAndKeep(ctx, shop), gaveUp]);
  clearTimeout(timer);
  if (zone === null) failedAt.set(shop, Date.now());
  else failedAt.delete(shop);
  return zone;
}

async function readAndKeep(
  ctx: { db: Database; adminFor(shop: string): Promise<AdminClient | null> },
  shop: string,
): Promise<string | null> {
  try {
    const admin = await ctx.adminFor(shop);
    if (!admin) return null;
    const data = await admin.request<{ shop: { ianaTimezone: string } }>(SHOP_TIME_ZONE);
    const zone = data.shop.ianaTimezone;
    if (!isTimeZone(zone)) return null;
    await ctx.db.shopSettings.update({ where: { shop }, data: { ianaTimezone: zone } });
    forgetShopSettings(ctx.db, shop);
    return zone;
  } catch (error) {
    // A page never fails for want of a time zone: it reads UTC this time.
    logger.warn({ shop, err: (error as Error).message }, "could not read the shop's time zone");
    return null;
  }
}
