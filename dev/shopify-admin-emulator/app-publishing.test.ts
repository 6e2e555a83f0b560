// The app's own publishing steps (app/publishing), through the Admin gateway,
// against the emulator: the documents they send, the upload they stream and
// the processing they wait for all have to work as they would on Shopify.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { altTextFor, attachClip, findAttachedClip } from "../../app/publishing/attach-media.server";
import type { AdminClient } from "../../app/shopify-admin/admin-client";
import { discardFailedClip, putClipFirst, removeClips } from "../../app/publishing/media-options.server";
import { waitUntilProcessed } from "../../app/publishing/media-status.server";
import { uploadClip } from "../../app/publishing/staged-upload.server";
import { createAdminGateway } from "../../app/shopify-admin/gateway.server";
import { createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { firstShop, mp4 } from "./test-support";

let emulator: AdminEmulator;
let files: http.Server;
let filesUrl = "";
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
  // The provider's file server: HEAD answers the size, GET streams the clip.
  files = http.createServer((request, response) => {
    const clip = clips.get((request.url ?? "").slice(1));
    if (!clip) return void response.writeHead(404).end();
    response.writeHead(200, { "content-type": "video/mp4", "content-length": String(clip.length) });
    response.end(request.method === "HEAD" ? undefined : clip);
  });
  await new Promise<void>((resolve) => files.listen(0, "127.0.0.1", resolve));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await emulator.stop();
  files.closeAllConnections();
  await new Promise<void>((resolve) => files.close(() => resolve()));
});

/** The loopback file server stands in for the provider's CDN, so it is a development origin. */
function filesSource() {
  return { hosts: [], devOrigins: [filesUrl] };
}

function admin(): AdminClient {
  const shop = firstShop(emulator);
  return createAdminGateway({ shop: shop.domain, accessToken: shop.accessToken, apiOrigin: emulator.url });
}

describe("publishing a clip with the app's publishing steps", () => {
  it("uploads, attaches, waits until READY, finds the clip again by its alt text, puts it first, and removes it", async () => {
    const product = emulator.catalog.productsOf(firstShop(emulator).domain)[0];
    const productId = gid("Product", product.id);
    const resourceUrl = await uploadClip(admin(), { outputUrl: `${filesUrl}/good.mp4`, filename: "job-1.mp4", source: filesSource() });
    expect(emulator.stats.uploadsStored).toBe(1);

    const mediaId = await attachClip(admin(), { productId, resourceUrl, alt: altTextFor(product.title, "job-1") });
    expect(await waitUntilProcessed(admin(), mediaId, { timeoutMs: 5_000, everyMs: 20 })).toEqual({ state: "ready" });
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
    const resourceUrl = await uploadClip(admin(), { outputUrl: `${filesUrl}/page.mp4`, filename: "job-2.mp4", source: filesSource() });
    const mediaId = await attachClip(admin(), {
      productId: gid("Product", product.id),
      resourceUrl,
      alt: altTextFor(product.title, "job-2"),
    });
    const readiness = await waitUntilProcessed(admin(), mediaId, { timeoutMs: 5_000, everyMs: 20 });
    expect(readiness).toMatchObject({ state: "failed", message: expect.stringContaining("File format is not supported.") });

    await discardFailedClip(admin(), mediaId);
    expect(emulator.catalog.videosOf(product.id)).toEqual([]);
    expect(emulator.catalog.media.has(Number(mediaId.split("/").pop()))).toBe(false);
    // Already gone is what the app wanted: no error.
    await discardFailedClip(admin(), mediaId);
  });
});
