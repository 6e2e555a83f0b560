// A bulk operation's JSONL result, read a line at a time as it downloads.
// The file of a big collection runs to tens of megabytes, served by Cloud
// Storage over one long download; when the connection drops half-way, the
// read asks for the rest of the file (`Range: bytes=N-`, from the end of the
// last whole line) rather than starting again, so no line is read twice or
// missed and the batch being written from it goes on.
import { setTimeout as sleep } from "node:timers/promises";
import { logger } from "~/logging/logger.server";

/** The file could not be read: its link expired, or the download kept breaking. */
export class BulkResultUnavailableError extends Error {
  constructor(
    message: string,
    readonly expired: boolean,
  ) {
    super(message);
  }
}

/** Downloads in a row that may break before reading a single new line. */
const STALLED_ATTEMPTS = 4;
const RESUME_PAUSE_MS = 250;
const NEWLINE = 0x0a;

/** The file's lines as objects, read as they arrive: memory holds a line, never the file. */
export async function* bulkResultLines(
  url: string,
  fetchImpl: typeof fetch = fetch,
  options: { pauseMs?: number } = {},
): AsyncGenerator<Record<string, unknown>> {
  /** Bytes of the file up to the end of the last whole line read. */
  let offset = 0;
  let stalled = 0;
  for (let attempt = 0; ; attempt++) {
    const response = await fetchImpl(url, offset > 0 ? { headers: { range: `bytes=${offset}-` } } : undefined);
    // Asked for the rest once every line was read: nothing is left.
    if (response.status === 416 && offset > 0) return;
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      // Google Cloud Storage, which serves Shopify's files, answers an expired signed link 400 (ExpiredToken) or 403.
      throw new BulkResultUnavailableError(
        `bulk result download answered ${response.status}`,
        response.status === 400 || response.status === 403,
      );
    }
    if (response.status === 206 && !response.headers.get("content-range")?.startsWith(`bytes ${offset}-`)) {
      await response.body.cancel();
      throw new BulkResultUnavailableError(
        `bulk result download resumed at the wrong byte (${response.headers.get("content-range")})`,
        false,
      );
    }
    // A server that ignores Range sends the whole file again: what was read is skipped.
    let skip = offset > 0 && response.status !== 206 ? offset : 0;
    const before = offset;
    const reader = response.body.getReader();
    let partial: Buffer = Buffer.alloc(0);
    let broke: unknown = null;
    try {
      for (;;) {
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } catch (error) {
          broke = error;
          break;
        }
        if (chunk.done) break;
        let bytes = Buffer.from(chunk.value.buffer, chunk.value.byteOffset, chunk.value.byteLength);
        if (skip > 0) {
          const skipped = Math.min(skip, bytes.length);
          skip -= skipped;
          bytes = bytes.subarray(skipped);
        }
        const data = partial.length > 0 ? Buffer.concat([partial, bytes]) : bytes;
        let start = 0;
        for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
          const line = data.toString("utf8", start, end);
          offset += end + 1 - start;
          start = end + 1;
          if (line.trim() !== "") yield JSON.parse(line) as Record<string, unknown>;
        }
        // A copy, so the chunk it came from can be freed.
        partial = Buffer.from(data.subarray(start));
      }
    } finally {
      // Also when the reader of the lines stops early: the connection is let go.
      await reader.cancel().catch(() => {});
    }
    if (broke === null) {
      // The last line may have no newline after it.
      const line = partial.toString("utf8");
      if (line.trim() !== "") yield JSON.parse(line) as Record<string, unknown>;
      return;
    }
    stalled = offset > before ? 0 : stalled + 1;
    if (stalled >= STALLED_ATTEMPTS)
      throw new BulkResultUnavailableError(`bulk result download broke ${stalled} times at byte ${offset}: ${String(broke)}`, false);
    logger.warn({ offset, attempt: attempt + 1, err: String(broke) }, "bulk result download broke; asking for the rest");
    await sleep((options.pauseMs ?? RESUME_PAUSE_MS) * Math.max(1, stalled));
  }
}
