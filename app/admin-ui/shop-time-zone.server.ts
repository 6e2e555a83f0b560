// The shop's time zone, for every time the merchant reads: Shopify's
// `shop.ianaTimezone`, asked once and kept in ShopSettings.ianaTimezone (a
// shop rarely moves). Without access to the Admin API the pages read UTC, and
// the next page load asks again.
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
