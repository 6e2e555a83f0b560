// Copies a finished clip from the provider's URL to a local file, through the
// one fetch that applies the outside-URL rules (https to the provider's hosts,
// no private addresses on any hop, capped in bytes and time).
import fs from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { FailedFetchError, fetchFromOutside, RefusedFetchError, type OutsideSource } from "~/security/outbound-fetch.server";
import { SHOPIFY_VIDEO_LIMITS } from "./clip-checks.server";

/** The copy did not complete; a later attempt may (a 404 may be a CDN not caught up yet). */
export class ClipCopyError extends Error {
  constructor(
    message: string,
    /** The provider's server said the file is not (or no longer) there. */
    readonly gone: boolean,
  ) {
    super(message);
  }
}

/** The clip's address, a redirect or its size is refused: no retry can fix it. */
export class ClipCopyRefusedError extends Error {}

const COPY_TIMEOUT_MS = 300_000;

export async function copyClipToFile(url: string, source: OutsideSource, filePath: string): Promise<number> {
  try {
    const answer = await fetchFromOutside(url, source, { maxBytes: SHOPIFY_VIDEO_LIMITS.maxBytes, timeoutMs: COPY_TIMEOUT_MS });
    if (!answer.ok || !answer.body) {
      await answer.body?.cancel();
      const gone = answer.status === 403 || answer.status === 404 || answer.status === 410;
      throw new ClipCopyError(gone ? "its link has expired or the file was removed" : `its server answered ${answer.status}`, gone);
    }
    await pipeline(Readable.fromWeb(answer.body as NodeReadableStream<Uint8Array>), fs.createWriteStream(filePath));
    return (await fs.promises.stat(filePath)).size;
  } catch (error) {
    if (error instanceof RefusedFetchError) throw new ClipCopyRefusedError(error.message);
    if (error instanceof FailedFetchError) throw new ClipCopyError(error.message, false);
    throw error;
  }
}
