// Checking a manifest's photo addresses before anything is made (in the
// import's preview, or for a file too big for a request in the worker that
// matches its SKUs): a HEAD
// request to each distinct address, through the one outbound fetch (https
// only, no private addresses on any hop, capped in time), a few at a time. A
// photo that is plainly unusable (nothing there, not public, not an image,
// too large for the video provider) skips its row; an address that could not
// be reached in time is only mentioned, since the provider may still fetch it.
import { FailedFetchError, fetchFromOutside, RefusedFetchError } from "~/security/outbound-fetch.server";
import type { LookupAddress } from "node:dns";

/** The photo types image-to-video providers accept. */
const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];
/** The providers' upper limit for a source photo. */
export const MAX_PHOTO_BYTES = 20 * 1024 * 1024;
const CONCURRENCY = 8;
const TIMEOUT_MS = 5_000;
/** However many addresses a file has, the preview answers within about this long. */
const TOTAL_BUDGET_MS = 25_000;
/** A worker may take longer: 10,000 addresses at about 100 ms each, 8 at a time, take about 2 minutes. */
export const WORKER_PHOTO_BUDGET_MS = 10 * 60_000;

export type PhotoCheck = { ok: true } | { ok: false; skip: true; reason: string } | { ok: false; skip: false; reason: string };

export interface PhotoCheckOptions {
  /** Exact origins allowed over plain http on loopback: the sandbox's and the tests' photo servers only. */
  devOrigins?: readonly string[];
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
  concurrency?: number;
  timeoutMs?: number;
  /** All the checks together; addresses not reached by then go unchecked. */
  budgetMs?: number;
}

function verdictOf(status: number, headers: Headers): PhotoCheck {
  if (status === 404 || status === 410) return { ok: false, skip: true, reason: "image_url has no photo at that address" };
  if (status === 401 || status === 403)
    return { ok: false, skip: true, reason: "image_url is not public; the video provider could not open it" };
  if (status < 200 || status >= 300) return { ok: false, skip: false, reason: "the photo's server did not answer the check" };
  const type = (headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type && !PHOTO_TYPES.includes(type)) {
    return { ok: false, skip: true, reason: `image_url is not a JPEG, PNG or WebP photo (it is ${type})` };
  }
  return { ok: true };
}

export async function checkPhoto(url: string, options: PhotoCheckOptions = {}): Promise<PhotoCheck> {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return { ok: false, skip: true, reason: "image_url is not a web address" };
  }
  try {
    const answer = await fetchFromOutside(
      url,
      { hosts: [hostname], devOrigins: options.devOrigins ?? [] },
      { method: "HEAD", maxBytes: MAX_PHOTO_BYTES, timeoutMs: options.timeoutMs ?? TIMEOUT_MS, resolve: options.resolve },
    );
    return verdictOf(answer.status, answer.headers);
  } catch (error) {
    if (error instanceof RefusedFetchError && /larger than/.test(error.message)) {
      return { ok: false, skip: true, reason: `image_url is a photo larger than ${MAX_PHOTO_BYTES / 1024 / 1024} MB` };
    }
    if (error instanceof RefusedFetchError && /resolves to|address$/.test(error.message)) {
      return { ok: false, skip: true, reason: "image_url names a private network address; use the photo's public web address" };
    }
    if (error instanceof RefusedFetchError || error instanceof FailedFetchError) {
      return { ok: false, skip: false, reason: "the photo's address could not be reached to check it" };
    }
    throw error;
  }
}

/** Each distinct address checked once, a few at a time; addresses not reached within the budget are reported as unchecked. */
export async function checkPhotos(urls: Iterable<string>, options: PhotoCheckOptions = {}): Promise<Map<string, PhotoCheck>> {
  const pending = [...new Set(urls)];
  const results = new Map<string, PhotoCheck>();
  const deadline = Date.now() + (options.budgetMs ?? TOTAL_BUDGET_MS);
  const worker = async () => {
    for (let url = pending.shift(); url !== undefined; url = pending.shift()) {
      if (Date.now() > deadline) {
        results.set(url, { ok: false, skip: false, reason: "there was not time to check every photo" });
        continue;
      }
      results.set(url, await checkPhoto(url, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? CONCURRENCY, pending.length) }, worker));
  return results;
}

/**
 * The rule both the preview and the import's worker apply: a row whose photo
 * is plainly unusable is left out, with its reason; the others go on, an
 * unchecked photo's too (the provider may still fetch it).
 */
export async function rowsWithUsablePhotos<Row extends { line: number; sku: string }>(
  rows: Row[],
  photoOf: (row: Row) => string,
  options: PhotoCheckOptions,
): Promise<{ kept: Row[]; skipped: { line: number; sku: string; reason: string }[]; unchecked: number }> {
  const photos = await checkPhotos(rows.map(photoOf), options);
  const kept: Row[] = [];
  const skipped: { line: number; sku: string; reason: string }[] = [];
  let unchecked = 0;
  for (const row of rows) {
    const check = photos.get(photoOf(row));
    if (check && !check.ok && check.skip) {
      skipped.push({ line: row.line, sku: row.sku, reason: check.reason });
      continue;
    }
    if (check && !check.ok) unchecked += 1;
    kept.push(row);
  }
  return { kept, skipped, unchecked };
}
