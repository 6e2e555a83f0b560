// Shop settings read on hot paths (every callback, every submission) come from
// a short-lived per-process cache: a change in Settings takes effect within a
// few seconds, and a burst of callbacks costs one read per shop, not one each.
import type { ShopSettings } from "@prisma/client";
import type { Database } from "~/db.server";
import { shopSettings } from "./shop-settings.server";

const TTL_MS = 5_000;
const cache = new WeakMap<Database, Map<string, { settings: ShopSettings; until: number }>>();

export async function recentShopSettings(db: Database, shop: string, now = Date.now()): Promise<ShopSettings> {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  const hit = perDb.get(shop);
  if (hit && hit.until > now) return hit.settings;
  const settings = await shopSettings(db, shop);
  perDb.set(shop, { settings, until: now + TTL_MS });
  return settings;
}

/** After a write to a shop's settings in this process, read them fresh next time. */
export function forgetShopSettings(db: Database, shop: string): void {
  cache.get(db)?.delete(shop);
}
