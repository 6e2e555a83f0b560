// Clips the merchant can see are their product's: with auto-publish off, the
// batch table and the Review page show each clip's poster, a frame of the
// product (decoded by the browser, and compared with the product photo);
// the job page plays the clip inline from the app's clip store. The
// provider's links expire a short while after each render, and the clips
// still play in review and go live once approved.
import sharp from "sharp";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Frame, Locator } from "playwright-core";
import { jobRow, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type DemoProduct, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

/** How long the provider simulator's output links last after a render: long enough for the copy, short enough to wait out. */
const URL_LIFETIME_SECONDS = 40;

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({
    renderTimeMs: { min: 1_000, max: 2_000 },
    faults: { failRate: 0, expiringUrlRate: 1, urlLifetimeSeconds: URL_LIFETIME_SECONDS },
  });
  browser = await openBrowser("clips", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

// ---- Likeness of a picture to the product photo ---------------------------
// A simulated clip is the photo filling the ordered frame (cropped to cover
// it), pushed in or panned at up to 12 % zoom (dev/video-provider-simulator/
// clip-render.ts). So a poster is compared with the photo framed the same way
// at a few zooms, on a 32-pixel-wide thumbnail: the mean absolute difference
// per channel (0-255) to the closest framing. Measured on 80 simulator clips
// of 40 demo photos: at most 14 for a clip's own photo; 55 or more for a flat
// grey picture; often under 20 for another product of a near colour, so the
// test's products are chosen with clearly different photos.
const LIKENESS_THRESHOLD = 20;
const ZOOMS = [1, 1.06, 1.12];
const THUMB_WIDTH = 32;

interface Picture {
  width: number;
  height: number;
  /** RGB bytes of the thumbnail. */
  thumb: Buffer;
}

async function thumbnailOf(image: Buffer, width: number, height: number): Promise<Buffer> {
  return sharp(image).flatten({ background: "#ffffff" }).resize(width, height, { fit: "fill" }).removeAlpha().raw().toBuffer();
}

function thumbSize(width: number, height: number) {
  return { width: THUMB_WIDTH, height: Math.max(1, Math.round((THUMB_WIDTH * height) / width)) };
}

async function pictureOf(image: Buffer): Promise<Picture> {
  const { width, height } = await sharp(image).metadata();
  if (!width || !height) throw new Error("The picture has no size");
  const size = thumbSize(width, height);
  return { width, height, thumb: await thumbnailOf(image, size.width, size.height) };
}

/** The photo framed as a clip of `width` x `height` at each zoom, as thumbnails. */
async function framingsOf(photo: Buffer, width: number, height: number): Promise<Buffer[]> {
  const covered = await sharp(photo).flatten({ background: "#ffffff" }).resize(width, height, { fit: "cover" }).png().toBuffer();
  const size = thumbSize(width, height);
  return Promise.all(
    ZOOMS.map(async (zoom) => {
      const w = Math.round(width / zoom);
      const h = Math.round(height / zoom);
      const crop = await sharp(covered)
        .extract({ left: Math.floor((width - w) / 2), top: Math.floor((height - h) / 2), width: w, height: h })
        .png()
        .toBuffer();
      return thumbnailOf(crop, size.width, size.height);
    }),
  );
}

function meanDifference(a: Buffer, b: Buffer): number {
  if (a.length !== b.length) throw new Error("Thumbnails of different sizes");
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

/** How far `picture` is from `photo` framed as a clip of the picture's shape (0 = the same). */
async function distanceToPhoto(picture: Picture, photo: Buffer): Promise<number> {
  const framings = await framingsOf(photo, picture.width, picture.height);
  return Math.min(...framings.map((f) => meanDifference(picture.thumb, f)));
}

async function flatPicture(width: number, height: number, rgb: { r: number; g: number; b: number }): Promise<Picture> {
  return pictureOf(
    await sharp({ create: { width, height, channels: 3, background: rgb } })
      .png()
      .toBuffer(),
  );
}

async function photoOf(product: DemoProduct): Promise<Buffer> {
  const answer = await fetch(product.imageUrl);
  if (!answer.ok) throw new Error(`The emulator did not serve the photo of ${product.title} (${answer.status})`);
  return Buffer.from(await answer.arrayBuffer());
}

/** Photos this far apart (or further) keep a poster of one product clearly away from the others. */
const DISTINCT_PHOTOS = 1.75 * LIKENESS_THRESHOLD;

/**
 * Three products (unique titles) whose photos are the furthest apart, so
 * that a poster of one that looked like another would show.
 */
async function productsWithDistinctPhotos(): Promise<{ product: DemoProduct; photo: Buffer }[]> {
  const candidates = await Promise.all(
    firstProductsByTitle(sandbox, Math.min(20, sandbox.products().length - 2)).map(async (product) => {
      const photo = await photoOf(product);
      return { product, photo, picture: await pictureOf(await sharp(photo).resize(448, 252, { fit: "cover" }).png().toBuffer()) };
    }),
  );
  const apart = new Map<string, number>();
  const distance = async (i: number, j: number) => {
    const key = `${Math.min(i, j)}-${Math.max(i, j)}`;
    if (!apart.has(key)) apart.set(key, await distanceToPhoto(candidates[i].picture, candidates[j].photo));
    return apart.get(key)!;
  };
  let best: { members: number[]; closest: number } = { members: [], closest: 0 };
  for (let a = 0; a < candidates.length; a++) {
    for (let b = a + 1; b < candidates.length; b++) {
      const ab = await distance(a, b);
      if (ab <= best.closest) continue;
      for (let c = b + 1; c < candidates.length; c++) {
        const closest = Math.min(ab, await distance(a, c), await distance(b, c));
        if (closest > best.closest) best = { members: [a, b, c], closest };
      }
    }
  }
  if (best.closest < DISTINCT_PHOTOS) throw new Error(`The demo shop's photos are at most ${best.closest.toFixed(1)} apart`);
  return best.members.map((i) => candidates[i]);
}

// ---- What the browser shows -------------------------------------------------

/** Loads `src` as an image in the app's frame; the browser's decoded pixels, as a PNG. */
async function decodeInPage(app: Frame, src: string) {
  return app.evaluate(async (url) => {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = image.naturalWidth;
    canvas.height = image.naturalHeight;
    canvas.getContext("2d")!.drawImage(image, 0, 0);
    return { naturalWidth: image.naturalWidth, naturalHeight: image.naturalHeight, png: canvas.toDataURL("image/png") };
  }, src);
}

/** An <img> on the page, once the browser has loaded and decoded it; its pixels as a PNG. */
async function decodedImage(img: Locator) {
  return img.evaluate(async (element: HTMLImageElement) => {
    if (!element.complete) await new Promise((resolve) => element.addEventListener("load", resolve, { once: true }));
    await element.decode();
    const canvas = document.createElement("canvas");
    canvas.width = element.naturalWidth;
    canvas.height = element.naturalHeight;
    canvas.getContext("2d")!.drawImage(element, 0, 0);
    return {
      naturalWidth: element.naturalWidth,
      naturalHeight: element.naturalHeight,
      src: element.currentSrc,
      png: canvas.toDataURL("image/png"),
    };
  });
}

const pngBytes = (dataUrl: string) => Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");

/**
 * The decoded poster looks like its product's photo (within the threshold),
 * and a flat grey placeholder, a black frame or another chosen product's
 * photo would not.
 */
async function expectFrameOfProduct(what: string, png: string, own: Buffer, others: Buffer[]): Promise<string> {
  const picture = await pictureOf(pngBytes(png));
  const distance = await distanceToPhoto(picture, own);
  expect(distance, `${what}: difference from the product photo`).toBeLessThan(LIKENESS_THRESHOLD);
  const placeholders = await Promise.all(
    [
      { r: 128, g: 128, b: 128 },
      { r: 0, g: 0, b: 0 },
    ].map(async (rgb) => distanceToPhoto(await flatPicture(picture.width, picture.height, rgb), own)),
  );
  for (const d of placeholders) expect(d, "a placeholder would fail the same comparison").toBeGreaterThan(LIKENESS_THRESHOLD);
  const toOthers = await Promise.all(others.map((other) => distanceToPhoto(picture, other)));
  for (const d of toOthers) expect(d, `${what}: difference from another product's photo`).toBeGreaterThan(LIKENESS_THRESHOLD);
  return `${distance.toFixed(1)} (other products' photos ${toOthers.map((d) => d.toFixed(1)).join(", ")}; grey ${placeholders[0].toFixed(1)}, black ${placeholders[1].toFixed(1)})`;
}

/** Plays a <video> muted: it must reach HAVE_FUTURE_DATA and its time must move on. */
async function expectPlays(video: Locator): Promise<void> {
  await video.evaluate((element: HTMLVideoElement) => {
    element.muted = true;
    return element.play();
  });
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
  const started = await video.evaluate((element: HTMLVideoElement) => element.currentTime);
  await expect
    .poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime), {
      timeout: 10_000,
      message: "the clip's time moves on",
    })
    .toBeGreaterThan(started);
  const state = await video.evaluate((element: HTMLVideoElement) => {
    element.pause();
    return { error: element.error?.message ?? null, width: element.videoWidth, duration: element.duration };
  });
  expect(state.error).toBeNull();
  expect(state.width).toBeGreaterThan(0);
  expect(state.duration).toBeGreaterThan(1);
}

/** The address is the app's clip route for this job's file, not the provider's. */
function expectAppClipAddress(address: string, base: string, jobId: string, file: "clip.mp4" | "poster.jpg"): URL {
  const url = new URL(address, base);
  expect(url.origin, `${address} is served by the app`).toBe(sandbox.origin);
  expect(url.pathname).toBe(`/clips/${encodeURIComponent(jobId)}/${file}`);
  expect(url.href.startsWith(sandbox.simulator.url)).toBe(false);
  return url;
}

describe("Clips the merchant sees", () => {
  it("shows posters that are frames of the product, plays the clip from the app, and publishes it after the provider's link expired", async () => {
    const { page } = browser;
    const chosen = await productsWithDistinctPhotos();
    const products = chosen.map((c) => c.product);
    const photoOfProduct = new Map(chosen.map((c) => [c.product.title, c.photo]));
    const othersThan = (title: string) => chosen.filter((c) => c.product.title !== title).map((c) => c.photo);

    // Settings: auto-publish off, so the clips wait for review.
    let app = await visit(page, "/app/settings");
    const autoPublish = app.getByRole("checkbox", { name: "Publish finished clips automatically" });
    await expect.poll(() => autoPublish.isChecked()).toBe(true);
    await autoPublish.uncheck();
    await app.getByRole("button", { name: "Save", exact: true }).click();
    await app.getByText(/^Settings saved\./).waitFor();
    await expect.poll(async () => (await sandbox.db.shopSettings.findUnique({ where: { shop: sandbox.shop } }))?.autoPublish).toBe(false);

    // Generate a clip for each product.
    app = await visit(page, "/app/generate");
    await chooseProducts(app, products);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    const batchPath = new URL(app.url()).pathname;
    for (const product of products) {
      await eventually(() => jobRow(app, product.title).getByText("Waiting for your review", { exact: true }).count(), 1, {
        timeout: 90_000,
        interval: 500,
        what: `the clip of ${product.title} never waited for review`,
        diagnostics: () => sandbox.logTail(),
      });
    }
    const jobs = await sandbox.db.videoJob.findMany({ where: { shop: sandbox.shop, productTitle: { in: products.map((p) => p.title) } } });
    expect(jobs.map((j) => j.status).sort()).toEqual(["awaiting_review", "awaiting_review", "awaiting_review"]);
    const jobOf = (title: string) => jobs.find((j) => j.productTitle === title)!;
    for (const job of jobs) {
      expect(job.clipKey, `${job.productTitle}: the clip is in the app's store`).toBeTruthy();
      expect(job.outputUrl?.startsWith(sandbox.simulator.url), "the render came from the provider simulator").toBe(true);
      // The photo was read and compared: a good clip of the product scores at or above the shop's threshold.
      expect(job.fidelityScore, `${job.productTitle}: fidelity score`).toBeGreaterThanOrEqual(0.6);
    }

    // The batch table: each row's thumbnail is the clip's poster, decoded by the browser, a frame of the product.
    app = await visit(page, batchPath);
    const likeness: Record<string, string> = {};
    for (const product of products) {
      const img = jobRow(app, product.title).getByRole("img", { name: `A frame of the clip of ${product.title}` });
      await img.waitFor();
      const shown = await decodedImage(img);
      expect(shown.naturalWidth, `the poster of ${product.title} is decoded`).toBeGreaterThan(0);
      expectAppClipAddress(shown.src, app.url(), jobOf(product.title).id, "poster.jpg");
      likeness[`${product.title} (batch table)`] = await expectFrameOfProduct(
        `the batch table's poster of ${product.title}`,
        shown.png,
        photoOfProduct.get(product.title)!,
        othersThan(product.title),
      );
    }
    await browser.screenshot("batch-posters");

    // The provider's links expire; the app's copies do not.
    for (const job of jobs) {
      await eventually(async () => (await fetch(job.outputUrl!)).status, 404, {
        timeout: (URL_LIFETIME_SECONDS + 30) * 1000,
        interval: 1_000,
        what: `the provider's link for ${job.productTitle} never expired`,
      });
    }

    // Review: every card's player has the poster, and it is a frame of its product; the clips still play.
    await page.getByRole("navigation", { name: "Catalog Motion" }).getByRole("link", { name: "Review" }).click();
    await app.waitForURL(/\/app\/review/);
    await page.getByRole("heading", { name: "Review clips" }).waitFor();
    expect(await app.getByRole("article").count()).toBe(products.length);
    for (const product of products) {
      const card = app.getByRole("article", { name: product.title });
      const video = card.locator("video");
      await video.waitFor();
      const poster = await video.getAttribute("poster");
      expect(poster, `the player of ${product.title} has a poster`).toBeTruthy();
      expectAppClipAddress(poster!, app.url(), jobOf(product.title).id, "poster.jpg");
      const decoded = await decodeInPage(app, poster!);
      expect(decoded.naturalWidth, `the poster of ${product.title} is decoded`).toBeGreaterThan(0);
      likeness[`${product.title} (review card)`] = await expectFrameOfProduct(
        `the review card's poster of ${product.title}`,
        decoded.png,
        photoOfProduct.get(product.title)!,
        othersThan(product.title),
      );
      expectAppClipAddress((await video.getAttribute("src"))!, app.url(), jobOf(product.title).id, "clip.mp4");
    }
    await browser.screenshot("review-posters");
    const first = products[0];
    await expectPlays(app.getByRole("article", { name: first.title }).locator("video"));
    console.log(
      `poster difference from the product photo (threshold ${LIKENESS_THRESHOLD}):\n  ${Object.entries(likeness)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n  ")}`,
    );

    // The job page: the clip plays inline, from the app's clip store, after the provider's link expired.
    await app.getByRole("article", { name: first.title }).getByRole("link", { name: "Timeline" }).click();
    await app.waitForURL(/\/app\/jobs\/[^/?]+/);
    const job = jobOf(first.title);
    expect(new URL(app.url()).pathname).toBe(`/app/jobs/${job.id}`);
    const player = app.locator("video");
    await player.waitFor();
    const src = await player.getAttribute("src");
    const clipUrl = expectAppClipAddress(src!, app.url(), job.id, "clip.mp4");
    expect(src).not.toContain(job.outputUrl!);
    await expectPlays(player);
    expect(
      expectAppClipAddress(await player.evaluate((element: HTMLVideoElement) => element.currentSrc), app.url(), job.id, "clip.mp4").href,
    ).toBe(clipUrl.href);
    const file = await page.request.get(clipUrl.href);
    expect(file.status()).toBe(200);
    expect(file.headers()["content-type"]).toContain("video/mp4");
    expect((await file.body()).length).toBe(job.clipBytes);
    expect((await fetch(job.outputUrl!)).status, "the provider's link has expired").toBe(404);
    await app.getByText(`Likeness to your product photo: ${Math.round(job.fidelityScore! * 100)}%`).waitFor();
    await browser.screenshot("job-page-playing");

    // Approve every clip: each is published from the app's copy, though the provider's link is gone.
    app = await visit(page, "/app/review");
    for (const product of products) {
      const card = app.getByRole("article", { name: product.title });
      await card.getByRole("button", { name: "Approve" }).click();
      await expect.poll(() => card.getByRole("button", { name: "Approve" }).count(), { timeout: 20_000 }).toBe(0);
    }
    await app.getByText("No clips are waiting for review", { exact: true }).waitFor({ timeout: 20_000 });
    app = await visit(page, batchPath);
    for (const product of products) {
      await eventually(() => jobRow(app, product.title).getByText("Live on the product page", { exact: true }).count(), 1, {
        timeout: 60_000,
        interval: 500,
        what: `the approved clip of ${product.title} did not go live`,
        diagnostics: () => sandbox.logTail(),
      });
      expect(sandbox.videosOn(product)).toBe(1);
    }
    await browser.screenshot("batch-live");
    expectHealthyPages(browser);
  }, 300_000);
});
