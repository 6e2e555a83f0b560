// How numbers, durations and dates read on the admin pages.

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

/** Rendered the same on the server and in the browser (fixed locale and time zone), so hydration agrees. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }) + " UTC";
}

/** To the second, for a job's timeline, where steps are seconds apart. */
export function formatTime(iso: string): string {
  return new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" }) + " UTC";
}

/** `shopify:admin/products/<n>` opens the product in Shopify admin from inside the embedded app. */
export function adminProductUrl(productGid: string): string | null {
  const numeric = productGid.match(/\/(\d+)$/)?.[1];
  return numeric ? `shopify:admin/products/${numeric}` : null;
}
