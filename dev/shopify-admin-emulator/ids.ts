// Shopify's global ids (gid://shopify/<Type>/<number>) and its opaque
// pagination cursors (base64 JSON naming the last item seen).

export type ResourceType =
  "Product" | "ProductVariant" | "Collection" | "MediaImage" | "Video" | "ProductImage" | "Job" | "Shop" | "BulkOperation";

export function gid(type: ResourceType, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

/** The type and numeric id of a gid, or null when the string is not one. */
export function parseGid(value: string): { type: string; id: number } | null {
  const match = /^gid:\/\/shopify\/([A-Za-z0-9]+)\/(\d+)(?:\?.*)?$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  return Number.isSafeInteger(id) ? { type: match[1], id } : null;
}

interface CursorPayload {
  last_id: number;
  /** Position of that item in the list when the cursor was made. */
  last_value: number;
}

export function encodeCursor(id: number, position: number): string {
  const payload: CursorPayload = { last_id: id, last_value: position };
  return Buffer.from(JSON.stringify(payload)).toString("base64");
}

export function decodeCursor(cursor: string): CursorPayload | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as Partial<CursorPayload>;
    if (typeof value.last_id === "number" && typeof value.last_value === "number")
      return { last_id: value.last_id, last_value: value.last_value };
    return null;
  } catch {
    return null;
  }
}
