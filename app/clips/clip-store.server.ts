// Where the app keeps the clips it has taken from the provider, and their
// posters. Provider URLs expire (a day at some providers), so once a render is
// finished nothing reads the provider's copy again: the review player, the
// batch table, the export's links and the publisher all read from here.
// Two implementations: a local folder (the embedded default) and S3-compatible
// object storage (production, several web and worker machines).
import type { Readable } from "node:stream";

export interface StoredObject {
  /** The requested bytes (all of them, or the range asked for). */
  body: Readable;
  /** The object's whole size. */
  size: number;
  contentType: string;
}

/** Inclusive byte offsets, as an HTTP Range names them. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface ClipStore {
  /** Stores a local file under `key`, replacing what was there. Returns its size. */
  putFile(key: string, filePath: string, contentType: string): Promise<number>;
  /** The object, or null when there is none. */
  get(key: string, range?: ByteRange): Promise<StoredObject | null>;
  /** The object's size, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** Removes the objects; a missing one is not an error. */
  remove(keys: readonly string[]): Promise<void>;
  /** Removes every object whose key starts with `prefix` (a whole shop's clips). */
  removePrefix(prefix: string): Promise<void>;
}

/** A shop's folder in the store: shop/redact removes it whole. */
export function shopPrefix(shop: string): string {
  return `shops/${encodeURIComponent(shop)}/`;
}

/**
 * A job's clip and poster. The render attempt is part of the key: a re-rendered
 * clip never shares a name (and a cached response) with the one it replaced.
 */
export function clipKeysFor(job: { shop: string; id: string; rerenders: number }): { clipKey: string; posterKey: string } {
  const base = `${shopPrefix(job.shop)}${encodeURIComponent(job.id)}/${job.rerenders}`;
  return { clipKey: `${base}/clip.mp4`, posterKey: `${base}/poster.jpg` };
}
