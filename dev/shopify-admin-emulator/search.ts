// The parts of Shopify's search syntax the app uses, and nothing more: the
// emulator says so when a search goes beyond them rather than answer it
// wrongly.
import { GraphQLError } from "graphql";

function unsupported(query: string, understood: string): GraphQLError {
  return new GraphQLError(`The Admin API emulator only understands ${understood} in this search, not '${query}'`, {
    extensions: { code: "EMULATOR_UNSUPPORTED_QUERY" },
  });
}

/** The SKUs of a search such as `sku:MUG-1 OR sku:"TOTE 2"`. */
export function skusOf(query: string): string[] {
  const skus: string[] = [];
  const token = /\s*(?:sku:(?:"((?:[^"\\]|\\.)*)"|([^\s"]+))|(OR))\s*/gy;
  let expectTerm = true;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = token.exec(query)) !== null) {
    const isOr = match[3] !== undefined;
    // Terms and ORs must alternate: "sku:A sku:B" and "OR sku:A" are not understood.
    if (isOr === expectTerm) break;
    if (!isOr) skus.push(match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : (match[2] as string));
    expectTerm = isOr;
    consumed = token.lastIndex;
  }
  if (consumed !== query.length || expectTerm) throw unsupported(query, `SKU terms ('sku:A OR sku:"B C"')`);
  return skus;
}

/**
 * A plain full-text search (the merchant's words): every word must appear in
 * the text, ignoring case, as Shopify's default search roughly does.
 */
export function matchesWords(query: string | null | undefined, texts: readonly string[]): boolean {
  if (!query?.trim()) return true;
  if (/[:()"]/.test(query)) throw unsupported(query, "plain words");
  const haystack = texts.join(" ").toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** `media_type:IMAGE` (or VIDEO, EXTERNAL_VIDEO, MODEL_3D) on a product's media. */
export function mediaTypeOf(query: string | null | undefined): string | null {
  if (!query?.trim()) return null;
  const match = /^\s*media_type:(IMAGE|VIDEO|EXTERNAL_VIDEO|MODEL_3D)\s*$/i.exec(query);
  if (!match) throw unsupported(query, "media_type:<type>");
  return match[1].toUpperCase();
}

/** The statuses of a bulk operation search such as `status:RUNNING` or `status:CREATED OR status:RUNNING`; null for none. */
export function bulkStatusesOf(query: string | null | undefined): string[] | null {
  if (!query?.trim()) return null;
  const terms = query.trim().split(/\s+OR\s+/);
  const statuses = terms.map((term) => /^status:(CANCELED|CANCELING|COMPLETED|CREATED|EXPIRED|FAILED|RUNNING)$/i.exec(term)?.[1]);
  if (statuses.some((s) => s === undefined)) throw unsupported(query, "status terms ('status:RUNNING OR status:CREATED')");
  return statuses.map((s) => s!.toUpperCase());
}

/** The ids of a search such as `id:12 OR id:34` (numeric ids, as Shopify's search takes them); null for any other search. */
export function collectionIdsOf(query: string | null | undefined): number[] | null {
  if (!query || !/^\s*id:/.test(query)) return null;
  const terms = query.trim().split(/\s+OR\s+/);
  const ids = terms.map((term) => /^id:(\d+)$/.exec(term)?.[1]);
  if (ids.some((id) => id === undefined)) throw unsupported(query, "id terms ('id:1 OR id:2')");
  return ids.map(Number);
}
