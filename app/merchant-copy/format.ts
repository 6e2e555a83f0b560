// How numbers, durations and dates read in what the merchant sees: the admin
// pages and the answers of the admin action extensions.

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/**
 * A batch's name from the products in it, so two batches of three products
 * read differently in the list: “Oak Board”, “Oak Board and Linen Tote”,
 * “Oak Board, Linen Tote and 3 more”.
 */
export function productsTitle(titles: string[]): string {
  const named = titles.map((t) => t.trim()).filter(Boolean);
  if (named.length === 0) return plural(titles.length, "product");
  const [first, second] = named.map((t) => (t.length > 40 ? `${t.slice(0, 39).trimEnd()}…` : t));
  if (titles.length === 1) return first;
  if (titles.length === 2 && second) return `${first} and ${second}`;
  return second ? `${first}, ${second} and ${formatCount(titles.length - 2)} more` : `${first} and ${formatCount(titles.length - 1)} more`;
}

/** The shop's time zone when it is one Intl knows, else UTC (a stored value that is not a zone never breaks a page). */
function zoneOrUtc(timeZone: string | null | undefined): string {
  if (!timeZone) return "UTC";
  try {
    new Intl.DateTimeFormat("en-US", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

function zoneName(date: Date, timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" })
    .formatToParts(date)
    .find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

function formatIn(iso: string, timeZone: string | null | undefined, timeStyle: "short" | "medium"): string {
  const zone = zoneOrUtc(timeZone);
  const date = new Date(iso);
  return `${date.toLocaleString("en-US", { dateStyle: "medium", timeStyle, timeZone: zone })} ${zoneName(date, zone)}`;
}

/**
 * In the shop's time zone (Shopify's `shop.ianaTimezone`), else UTC. Rendered
 * the same on the server and in the browser (fixed locale and zone), so
 * hydration agrees.
 */
export function formatDateTime(iso: string, timeZone?: string | null): string {
  return formatIn(iso, timeZone, "short");
}

/** To the second, for a job's timeline, where steps are seconds apart. */
export function formatTime(iso: string, timeZone?: string | null): string {
  return formatIn(iso, timeZone, "medium");
}

/** `shopify:admin/products/<n>` opens the product in Shopify admin from inside the embedded app. */
export function adminProductUrl(productGid: string): string | null {
  const numeric = productGid.match(/\/(\d+)$/)?.[1];
  return numeric ? `shopify:admin/products/${numeric}` : null;
}
