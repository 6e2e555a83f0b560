// Serving a stored clip or poster: whole, or the byte range a <video> asks
// for (browsers seek and start playback with Range requests).
import { Readable } from "node:stream";
import type { ByteRange, ClipStore } from "./clip-store.server";

/** The one range asked for, null for the whole file, "unsatisfiable" for a range outside it. */
export function requestedRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges, or another unit: the whole file is a correct answer.
  if (!match || (match[1] === "" && match[2] === "")) return null;
  let start: number;
  let end: number;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0) return "unsatisfiable";
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

export async function storedFileResponse(store: ClipStore, key: string, request: Request): Promise<Response> {
  const size = await store.size(key);
  if (size === null) return new Response("This clip is no longer kept.", { status: 404 });
  const range = requestedRange(request.headers.get("range"), size);
  if (range === "unsatisfiable") return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${size}` } });
  const object = await store.get(key, range ?? undefined);
  if (!object) return new Response("This clip is no longer kept.", { status: 404 });
  const headers = new Headers({
    "Content-Type": object.contentType,
    "Accept-Ranges": "bytes",
    // Keys change with every render, so a cached copy is never stale; private: it is one shop's.
    "Cache-Control": "private, max-age=3600",
    "X-Content-Type-Options": "nosniff",
  });
  const length = range ? range.end - range.start + 1 : size;
  headers.set("Content-Length", String(length));
  if (range) headers.set("Content-Range", `bytes ${range.start}-${range.end}/${size}`);
  const body = request.method === "HEAD" ? null : (Readable.toWeb(object.body as Readable) as ReadableStream<Uint8Array>);
  if (!body) object.body.destroy();
  return new Response(body, { status: range ? 206 : 200, headers });
}
