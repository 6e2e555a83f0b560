// A minimal streaming multipart/form-data reader: it yields each part's
// headers and then its body in chunks as they arrive, so a video upload is
// written through without ever being held whole in memory.

export class MultipartError extends Error {}

export interface PartHeaders {
  name: string;
  filename: string | null;
  contentType: string | null;
}

export type MultipartEvent = { type: "part"; headers: PartHeaders } | { type: "data"; chunk: Buffer } | { type: "end" };

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_PREAMBLE_BYTES = 64 * 1024;
const CRLF = Buffer.from("\r\n");
const HEADER_END = Buffer.from("\r\n\r\n");

/** The boundary of a multipart/form-data Content-Type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const match = /\bboundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  return boundary && boundary.length <= 70 ? boundary : null;
}

export async function* readMultipart(source: AsyncIterable<Buffer>, boundary: string): AsyncGenerator<MultipartEvent> {
  // Every delimiter, the first one included, is CRLF--boundary once a CRLF is put in front.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  let buffer: Buffer = Buffer.from(CRLF);
  let state: "preamble" | "boundary" | "headers" | "body" | "done" = "preamble";
  let preambleSeen = 0;

  for await (const chunk of source) {
    if (state === "done") continue; // epilogue: ignored, as RFC 2046 says
    buffer = buffer.length > 0 ? Buffer.concat([buffer, chunk]) : chunk;
    for (;;) {
      if (state === "preamble") {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          preambleSeen += buffer.length;
          if (preambleSeen > MAX_PREAMBLE_BYTES) throw new MultipartError("no multipart boundary found");
          buffer = buffer.subarray(Math.max(0, buffer.length - delimiter.length + 1));
          break;
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = "boundary";
      } else if (state === "boundary") {
        if (buffer.length < 2) break;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = "done";
          break;
        }
        if (!buffer.subarray(0, 2).equals(CRLF)) throw new MultipartError("malformed multipart boundary line");
        buffer = buffer.subarray(2);
        state = "headers";
      } else if (state === "headers") {
        const at = buffer.indexOf(HEADER_END);
        if (at < 0) {
          if (buffer.length > MAX_HEADER_BYTES) throw new MultipartError("multipart part headers too large");
          break;
        }
        yield { type: "part", headers: parseHeaders(buffer.subarray(0, at).toString("utf8")) };
        buffer = buffer.subarray(at + HEADER_END.length);
        state = "body";
      } else if (state === "body") {
        const at = buffer.indexOf(delimiter);
        if (at < 0) {
          // Keep what could be the start of a delimiter split across chunks.
          const safe = buffer.length - (delimiter.length - 1);
          if (safe > 0) {
            yield { type: "data", chunk: buffer.subarray(0, safe) };
            buffer = buffer.subarray(safe);
          }
          break;
        }
        if (at > 0) yield { type: "data", chunk: buffer.subarray(0, at) };
        yield { type: "end" };
        buffer = buffer.subarray(at + delimiter.length);
        state = "boundary";
      } else {
        break;
      }
    }
  }
  if (state !== "done") throw new MultipartError("multipart body ended before its closing boundary");
}

function parseHeaders(text: string): PartHeaders {
  let name: string | null = null;
  let filename: string | null = null;
  let contentType: string | null = null;
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === "content-disposition") {
      name = /\bname="([^"]*)"/i.exec(value)?.[1] ?? /\bname=([^;\s]+)/i.exec(value)?.[1] ?? null;
      filename = /\bfilename="([^"]*)"/i.exec(value)?.[1] ?? null;
    } else if (key === "content-type") {
      contentType = value;
    }
  }
  if (name === null) throw new MultipartError("multipart part without a Content-Disposition name");
  return { name, filename, contentType };
}
