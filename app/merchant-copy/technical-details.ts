// Keeps what reads like code out of what the merchant reads: HTTP status
// codes, the provider's generation ids and model names go to a "Details" row.
// Shared by server and UI.

/** HTTP codes, generation ids (vgen_3535e9fa9dc0e8a5, mov_…) and UUIDs. */
const CODES_AND_IDS = /\bHTTP\s*\d{3}\b|\b[a-z]{2,10}_[0-9a-z]{6,}\b|\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
/** Model slugs as the provider API spells them (kling-v3, seedance-1.5-pro); "Kling v3" is a name a merchant reads. */
const MODEL_SLUGS = /\b(kling-v\d[\w.-]*|seedance-\d[\w.-]*)/;

export function looksTechnical(text: string): boolean {
  return CODES_AND_IDS.test(text) || MODEL_SLUGS.test(text);
}

/**
 * Splits a sentence into what the merchant reads and the technical part:
 * "Rendering (vgen_3535e9fa)" reads "Rendering", with "vgen_3535e9fa" as its
 * details. Text whose technical part is not in brackets goes to details whole,
 * with `fallback` in its place.
 */
export function splitTechnical(text: string, fallback: string): { text: string; details: string | null } {
  const details: string[] = [];
  const kept = text
    .replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => {
      if (!looksTechnical(inner)) return whole;
      details.push(inner.trim());
      return "";
    })
    .trim();
  if (looksTechnical(kept)) return { text: fallback, details: text };
  return { text: kept || fallback, details: details.length > 0 ? details.join("; ") : null };
}
