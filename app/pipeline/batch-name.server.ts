// A batch's name, so two batches in a list read differently: what was asked
// for, how many products, and the day in the shop's time zone:
// "Summer collection · 214 products · 1 Dec".
import type { Database } from "~/db.server";
import { plural } from "~/merchant-copy/format";
import { shopSettings } from "~/settings/shop-settings.server";

// Room for two product titles of 40 characters and "and N more".
const MAX_WHAT = 100;

/** The day as "1 Dec"; a time zone the runtime does not know falls back to UTC rather than failing the request. */
export function dayOf(at: Date, timeZone: string | null | undefined): string {
  const format = (zone: string) => new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: zone }).format(at);
  try {
    return format(timeZone || "UTC");
  } catch {
    return format("UTC");
  }
}

export function batchNameOf(what: string, productCount: number, at: Date, timeZone: string | null | undefined): string {
  const trimmed = what.trim();
  const shown = trimmed.length > MAX_WHAT ? `${trimmed.slice(0, MAX_WHAT - 1).trimEnd()}…` : trimmed;
  const parts = [shown || "Videos"];
  if (productCount !== 1 || !trimmed) parts.push(plural(productCount, "product"));
  parts.push(dayOf(at, timeZone));
  return parts.join(" · ");
}

/** The name for a batch made now in this shop. */
export async function batchName(db: Database, shop: string, what: string, productCount: number): Promise<string> {
  const settings = await shopSettings(db, shop);
  return batchNameOf(what, productCount, new Date(), settings.ianaTimezone);
}
