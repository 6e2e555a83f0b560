// Where a finished render's MP4 comes from. The clip is rendered from the
// job's own product photo (the image URL it was submitted with), lazily: only
// when its file is first asked for, so a run that only exercises callbacks
// (100,000 jobs in the benchmark) never starts ffmpeg. Clips are cached by
// (photo digest, shape, duration, fault), so the same product ordered again
// costs nothing. When the photo cannot be fetched the committed stock clip is
// served instead, and the render's `clip` in the state says so and why; a
// clip fault still needs a picture to distort, so it is drawn on a stand-in.
import crypto from "node:crypto";
import fs from "node:fs";
import sharp from "sharp";
import { clipShapeFor, renderClip, type ClipFault } from "./clip-render";
import type { SimulatorContext } from "./context";
import type { RenderRecord } from "./state";

const PHOTO_MAX_BYTES = 20 * 1024 * 1024;
const PHOTO_TIMEOUT_MS = 10_000;
/** Rendered clips kept (a 5 s clip is 10-30 KB). */
const CACHE_ENTRIES = 256;
/** Renders at once: this machine kind has two cores. */
const RENDERS_AT_ONCE = 2;
/** Distinct photos remembered per simulator, for a drift into "another product". */
const RECENT_PHOTOS = 8;

export type ClipSource = "photo" | "stock" | "stand-in" | "header-only";

export interface ClipOrigin {
  source: ClipSource;
  /** Why the photo was not used, when it was not. */
  photoError: string | null;
}

const cache = new Map<string, Promise<Buffer>>();
const recentPhotos = new WeakMap<SimulatorContext, Map<string, Buffer>>();
let rendering = 0;
const waiting: (() => void)[] = [];

/** The clip for a completed render; null means "serve a stock clip" (origin says why). */
export async function clipFromPhoto(ctx: SimulatorContext, render: RenderRecord): Promise<{ bytes: Buffer | null; origin: ClipOrigin }> {
  let photo: Buffer;
  let origin: ClipOrigin = { source: "photo", photoError: null };
  try {
    photo = await fetchPhoto(render.imageUrl);
  } catch (error) {
    const photoError = error instanceof Error ? error.message : String(error);
    if (render.clipFault === null) return { bytes: null, origin: { source: "stock", photoError } };
    photo = await standIn(0);
    origin = { source: "stand-in", photoError };
  }
  const digest = crypto.createHash("sha256").update(photo).digest("hex");
  const otherPhoto = render.clipFault === "drifted-product" ? await anotherPhoto(ctx, digest) : null;
  if (origin.source === "photo") remember(ctx, digest, photo);
  const key = [digest, render.aspectRatio, render.duration, render.clipFault ?? "none"].join("|");
  try {
    const bytes = await cached(key, () =>
      renderClip({
        photo,
        otherPhoto,
        shape: clipShapeFor(render.aspectRatio),
        durationSeconds: render.duration,
        // Half the products pan, half push in, the same way for the same photo.
        motion: Number.parseInt(digest.slice(0, 2), 16) % 2 === 0 ? "push-in" : "pan",
        fault: render.clipFault,
      }),
    );
    return { bytes, origin };
  } catch (error) {
    return { bytes: null, origin: { source: "stock", photoError: `ffmpeg could not render the clip: ${String(error)}` } };
  }
}

/** GET with a size limit and a timeout; the body must be a picture sharp can read. */
async function fetchPhoto(url: string): Promise<Buffer> {
  const response = await fetch(url, { signal: AbortSignal.timeout(PHOTO_TIMEOUT_MS), redirect: "follow" });
  if (!response.ok || !response.body) throw new Error(`the image URL answered ${response.status}`);
  const declared = Number(response.headers.get("content-length") ?? 0);
  if (declared > PHOTO_MAX_BYTES) throw new Error(`the image is larger than ${PHOTO_MAX_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > PHOTO_MAX_BYTES) throw new Error(`the image is larger than ${PHOTO_MAX_BYTES} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  const bytes = Buffer.concat(chunks);
  const meta = await sharp(bytes)
    .metadata()
    .catch(() => null);
  if (!meta?.width || !meta.height) throw new Error("the image URL did not return a picture");
  return bytes;
}

function remember(ctx: SimulatorContext, digest: string, photo: Buffer): void {
  const photos = recentPhotos.get(ctx) ?? new Map<string, Buffer>();
  recentPhotos.set(ctx, photos);
  photos.delete(digest);
  photos.set(digest, photo);
  if (photos.size > RECENT_PHOTOS) photos.delete(photos.keys().next().value as string);
}

/** The latest other product's photo this simulator rendered, or a stand-in product. */
async function anotherPhoto(ctx: SimulatorContext, digest: string): Promise<Buffer> {
  const others = [...(recentPhotos.get(ctx) ?? new Map<string, Buffer>()).entries()].filter(([key]) => key !== digest);
  return others.length > 0 ? others[others.length - 1][1] : standIn(1);
}

async function cached(key: string, make: () => Promise<Buffer>): Promise<Buffer> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const made = limited(make);
  cache.set(key, made);
  // A failed render is not kept: the next request tries again.
  made.catch(() => cache.delete(key));
  if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
  return made;
}

async function limited<T>(task: () => Promise<T>): Promise<T> {
  if (rendering >= RENDERS_AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  rendering += 1;
  try {
    return await task();
  } finally {
    rendering -= 1;
    waiting.shift()?.();
  }
}

const STAND_INS = [
  { backdrop: "#ece8e0", body: "#3b5bdb", label: "#f8f6f0" },
  { backdrop: "#e4e8ee", body: "#e8590c", label: "#20242c" },
];

/** A plain product on a backdrop, for a faulty clip whose own photo could not be fetched. */
function standIn(which: 0 | 1): Promise<Buffer> {
  const { backdrop, body, label } = STAND_INS[which];
  const shape =
    which === 0
      ? `<rect x="64" y="60" width="128" height="150" rx="12" fill="${body}"/>`
      : `<circle cx="128" cy="134" r="78" fill="${body}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="${backdrop}"/>${shape}<rect x="50" y="120" width="156" height="28" fill="${label}"/></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** The committed stock clip of this duration and shape (clips/make-clips.sh), if there is one. */
export function stockClip(durationSeconds: number, aspectRatio: string): Buffer | null {
  const { width, height } = clipShapeFor(aspectRatio);
  const shape = width > height ? "16x9" : width < height ? "9x16" : "1x1";
  const name = `${shape}-${durationSeconds}s.mp4`;
  if (!stock.has(name)) {
    const file = new URL(`./clips/${name}`, import.meta.url);
    stock.set(name, fs.existsSync(file) ? fs.readFileSync(file) : null);
  }
  return stock.get(name) ?? null;
}
const stock = new Map<string, Buffer | null>();

export type { ClipFault };
