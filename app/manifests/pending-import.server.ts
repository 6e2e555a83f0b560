// The uploaded manifest between its preview and the merchant's "Import", kept
// in Redis: one per shop (a new preview replaces the last), at most the
// import size limit, gone after 30 minutes or once imported. The token in the
// page must match, so an old preview's button never imports a newer file.
import crypto from "node:crypto";
import type { Redis } from "ioredis";
import { MAX_MANIFEST_BYTES } from "~/security/body-limits.server";

export const PENDING_IMPORT_TTL_SECONDS = 30 * 60;

export interface PendingImport {
  token: string;
  fileName: string;
  model: string;
  duration: string;
  /** The rows that go ahead: the file without the rows the preview skipped. */
  csv: Uint8Array;
  /** For each row of `csv`, in order, its line in the uploaded file... */
  lines: number[];
  /** ...and the line it starts on in `csv`. */
  startLines: number[];
  /** The rows the preview skipped, with their lines in the uploaded file. */
  problems: { line: number; sku: string | null; reason: string }[];
}

const keyOf = (shop: string) => `catalog-motion:pending-import:${shop}`;

export async function keepPendingImport(redis: Redis, shop: string, pending: Omit<PendingImport, "token">): Promise<string> {
  if (pending.csv.byteLength > MAX_MANIFEST_BYTES) throw new Error("a pending import is larger than the import limit");
  const token = crypto.randomBytes(16).toString("hex");
  const { csv, ...rest } = pending;
  const meta = JSON.stringify({ token, ...rest });
  await redis
    .multi()
    .hset(keyOf(shop), { meta, csv: Buffer.from(csv) })
    .expire(keyOf(shop), PENDING_IMPORT_TTL_SECONDS)
    .exec();
  return token;
}

/** The shop's pending import if its token matches; taken, so a double click imports once. */
export async function takePendingImport(redis: Redis, shop: string, token: string): Promise<PendingImport | null> {
  const [metaRaw, csv] = await Promise.all([redis.hget(keyOf(shop), "meta"), redis.hgetBuffer(keyOf(shop), "csv")]);
  if (!metaRaw || !csv) return null;
  const meta = JSON.parse(metaRaw) as Omit<PendingImport, "csv">;
  if (meta.token.length !== token.length || !crypto.timingSafeEqual(Buffer.from(meta.token), Buffer.from(token))) return null;
  // Only the caller that deletes it goes on.
  if ((await redis.del(keyOf(shop))) !== 1) return null;
  return { ...meta, csv: new Uint8Array(csv) };
}
