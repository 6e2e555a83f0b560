// How much a request may send, decided before anything reads it. server.js
// refuses a larger declared body (413) and a body of unknown length (411) as
// soon as the headers arrive; the helpers below hold the same line for code
// that reads a request itself, counting bytes as they stream in.

/** Forms and extension calls: a few fields, never more than a few KB. */
export const FORM_BODY_LIMIT = 64 * 1024;
/** Shopify's webhook payloads (a product, a shop's redact request) stay well under this. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/** The largest CSV manifest an agency may upload. */
export const MAX_MANIFEST_BYTES = 5 * 1024 * 1024;
/** The manifest itself plus the multipart framing and the form's two other fields. */
export const IMPORT_BODY_LIMIT = MAX_MANIFEST_BYTES + FORM_BODY_LIMIT;

/** The largest body a request to this path may carry. */
export function bodyLimitFor(pathname: string): number {
  if (pathname === "/app/import") return IMPORT_BODY_LIMIT;
  if (pathname.startsWith("/webhooks/")) return WEBHOOK_BODY_LIMIT;
  return FORM_BODY_LIMIT;
}

export function bodyTooLarge(limit: number): Response {
  return new Response(`The request is larger than ${Math.round(limit / 1024)} KB.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8", Connection: "close" },
  });
}

/** The body's bytes, or a thrown 413 as soon as it passes `limit` (declared or counted). */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) throw bodyTooLarge(limit);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw bodyTooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A signed-in page's form (urlencoded or multipart), read within the form limit. */
export async function readForm(request: Request, limit = FORM_BODY_LIMIT): Promise<FormData> {
  const bytes = await readBodyBytes(request, limit);
  const headers = new Headers();
  const type = request.headers.get("content-type");
  if (type) headers.set("content-type", type);
  try {
    return await new Response(bytes, { headers }).formData();
  } catch {
    throw new Response("The form could not be read. Reload the page and try again.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}
