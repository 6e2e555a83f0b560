// The app's own publishing steps (app/publishing), through the Admin gateway,
// against the emulator: the documents they send, the upload they stream and
// the processing they wait for all have to work as they would on Shopify.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ClipStore } from "../../app/clips/clip-store.server";
import { localClipStore } from "../../app/clips/local-clip-store.server";
import { altTextFor, attachClip, clipFilenameFor, findAttachedClip } from "../../app/publishing/attach-media.server";
import type { AdminClient } from "../../app/shopify-admin/admin-client";
import { discardFailedClip, putClipFirst, removeClips } from "../../app/publishing/media-options.server";
import { mediaReadiness, type MediaReadiness } from "../../app/publishing/media-status.server";
import { uploadClip } from "../../app/publishing/staged-upload.server";
import { createAdminGateway } from "../../app/shopify-admin/gateway.server";
import { createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { firstShop, mp4 } from "./test-support";

let emulator: AdminEmulator;

/** Looks until Shopify settles the video (the app waits between queue entries; here a short loop will do). */
async function settled(admin: AdminClient, mediaId: string): Promise<MediaReadiness> {
  for (let i = 0; i < 250; i++) {
    const readiness = await mediaReadiness(admin, mediaId);
    if (readiness.state !== "processing") return readiness;
    await new Promise((r) => setTimeout(r, 20));
  }
  return { state: "processing" };
}
let clipDir = "";
/** The app's clip store, which the publisher streams every upload from. */
let store: ClipStore;
const clips = new Map<string, Buffer>([
  ["good.mp4", mp4("good")],
  ["page.mp4", Buffer.from("<html><body>Access denied</body></html>")],
]);

beforeAll(async () => {
  emulator = await startAdminEmulator({
    catalog: createDemoCatalog({ productsPerShop: 5, seed: 9 }),
    seed: 9,
    mediaTiming: { uploadedMs: 30, processingMs: 90 },
  });
  clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "emulator-app-publishing-"));
  store = localClipStore(path.join(clipDir, "store"));
  for (const [name, bytes] of clips) {
    await fs.writeFile(path.join(clipDir, name), bytes);
    await store.putFile(name, path.join(clipDir, name), "video/mp4");
  }
});
afterAll(async () => {
  await emulator.stop();
  await fs.rm(clipDir, { recursive: true, force: true });
});

function admin(): AdminClient {
  const shop = firstShop(emulator);
  return createAdminGateway({ shop: shop.domain, accessToken: shop.accessToken, apiOrigin: emulator.url });
}

describe("publishing a clip with the app's publishing steps", () => {
  it("uploads, attaches, waits until READY, finds the clip again by its uploaded filename, puts it first, and removes it", async () => {
    const product = emulator.catalog.productsOf(firstShop(emulator).domain)[0];
    const productId = gid("Product", product.id);
    const resourceUrl = await uploadClip(admin(), { store, clipKey: "good.mp4", filename: clipFilenameFor("job-1") });
    expect(emulator.stats.uploadsStored).toBe(1);

    const mediaId = await attachClip(admin(), { productId, resourceUrl, alt: altTextFor(product.title, { aiGenerated: true }) });
    expect(await settled(admin(), mediaId)).toEqual({ state: "ready" });
    expect(await findAttachedClip(admin(), productId, "job-1")).toBe(mediaId);

    await putClipFirst(admin(), productId, mediaId);
    expect(emulator.catalog.products.get(product.id)?.media[0].kind).toBe("VIDEO");
    await removeClips(admin(), productId, [mediaId]);
    expect(emulator.catalog.videosOf(product.id)).toEqual([]);
    // Off the product page, still in the shop's Files.
    expect(emulator.catalog.media.get(Number(mediaId.split("/").pop()))).toMatchObject({ productId: null });
    // Removing it again is what the app wanted anyway: no error.
    await removeClips(admin(), productId, [mediaId]);
    expect(emulator.stats.mediaCreated[productId]).toBe(1);
  });

  it("a clip that is not a video ends failed with Shopify's reason", async () => {
    const product = emulator.catalog.productsOf(firstShop(emulator).domain)[1];
    const resourceUrl = await uploadClip(admin(), { store, clipKey: "page.mp4", filename: clipFilenameFor("job-2") });
    const mediaId = await attachClip(admin(), {
      productId: gid("Product", product.id),
      resourceUrl,
      alt: altTextFor(product.title, { aiGenerated: true }),
    });
    const readiness = await settled(admin(), mediaId);
    expect(readiness).toMatchObject({ state: "failed", message: expect.stringContaining("File format is not supported.") });

    await discardFailedClip(admin(), mediaId);
    expect(emulator.catalog.videosOf(product.id)).toEqual([]);
    expect(emulator.catalog.media.has(Number(mediaId.split("/").pop()))).toBe(false);
    // Already gone is what the app wanted: no error.
    await discardFailedClip(admin(), mediaId);
  });
});
