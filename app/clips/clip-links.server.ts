// Addresses of a job's stored clip and poster, served by the app itself
// (routes/clips.$jobId.$file.tsx). A <video src> or <img src> inside the
// embedded admin's iframe cannot carry Shopify's session token, and an
// exported manifest is opened outside Shopify altogether, so each address
// carries its own short-lived signature over the job, the file and the expiry.
import crypto from "node:crypto";
import { env } from "~/config/env.server";

export type ClipFile = "clip.mp4" | "poster.jpg";
export const CLIP_FILES: readonly ClipFile[] = ["clip.mp4", "poster.jpg"];

/** For the admin pages: long enough to watch, short enough that a copied link soon stops working. */
export const PAGE_LINK_SECONDS = 60 * 60;
/** For an exported manifest, which an agency's pipeline reads later. */
export const EXPORT_LINK_SECONDS = 7 * 24 * 60 * 60;

function signingKey(): Buffer {
  // Derived, so the encryption key itself never signs anything a browser sees.
  return crypto.createHmac("sha256", env().APP_ENCRYPTION_KEY).update("catalog-motion clip links v1").digest();
}

function signatureOf(jobId: string, file: ClipFile, expires: number): string {
  return crypto.createHmac("sha256", signingKey()).update(`${jobId}\n${file}\n${expires}`).digest("base64url");
}

/** A path (relative to the app's origin) that serves the file until `ttlSeconds` from now. */
export function signedClipPath(jobId: string, file: ClipFile, ttlSeconds: number, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + ttlSeconds;
  return `/clips/${encodeURIComponent(jobId)}/${file}?expires=${expires}&signature=${signatureOf(jobId, file, expires)}`;
}

/** Whether the link's signature is this app's for this job and file, and not expired. Never throws. */
export function validClipSignature(jobId: string, file: ClipFile, query: URLSearchParams, now = Date.now()): boolean {
  const expires = Number(query.get("expires"));
  const given = query.get("signature") ?? "";
  if (!Number.isInteger(expires) || expires * 1000 < now) return false;
  const expected = Buffer.from(signatureOf(jobId, file, expires));
  const actual = Buffer.from(given);
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** The job's stored clip and poster as signed links, or null for what the store does not (or no longer) hold. */
export function clipLinksOf(
  job: { id: string; clipKey: string | null; posterKey: string | null; clipRemovedAt: Date | null },
  ttlSeconds = PAGE_LINK_SECONDS,
  origin = "",
): { clipUrl: string | null; posterUrl: string | null } {
  if (job.clipRemovedAt) return { clipUrl: null, posterUrl: null };
  return {
    clipUrl: job.clipKey ? `${origin}${signedClipPath(job.id, "clip.mp4", ttlSeconds)}` : null,
    posterUrl: job.posterKey ? `${origin}${signedClipPath(job.id, "poster.jpg", ttlSeconds)}` : null,
  };
}
