// The store's limits as the emulator enforces them, seen through the app's
// own documents: the plan, the store's files, and Shopify's refusals
// (SHOP_MEDIA_LIMIT_EXCEEDED, VIDEO_THROTTLE_EXCEEDED in mediaUserErrors;
// FILE_STORAGE_LIMIT_EXCEEDED in the video's mediaErrors).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STORE_HOSTED_MEDIA, STORE_PLAN } from "../../app/catalog/store-limits.server";
import { PRODUCT_CREATE_MEDIA, type CreateMediaData } from "../../app/publishing/attach-media.server";
import {
  PRODUCT_MEDIA_STATUS,
  STAGED_UPLOADS_CREATE,
  type ProductMediaStatusData,
  type StagedUploadsCreateData,
} from "../../app/shopify-admin/operations";
import type { ShopRecord } from "./catalog";
import { createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { addHostedVideos, storeLimitsOf } from "./store-limits";
import { firstShop, mp4, rawClient, uploadToTarget } from "./test-support";

let emulator: AdminEmulator;
let shop: ShopRecord;
let send: ReturnType<typeof rawClient>;

beforeAll(async () => {
  emulator = await startAdminEmulator({
    catalog: createDemoCatalog({ shops: 1, productsPerShop: 6, seed: 3 }),
    seed: 3,
    mediaTiming: { uploadedMs: 20, processingMs: 40 },
    throttle: { maximumAvailable: 100_000, restoreRate: 100_000 },
  });
  shop = firstShop(emulator);
  send = rawClient(emulator, shop);
});
afterAll(async () => {
  await emulator.stop();
});

async function uploadedClip(): Promise<string> {
  const clip = mp4("limits");
  const answer = await send<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "VIDEO", filename: "clip.mp4", mimeType: "video/mp4", fileSize: String(clip.length), httpMethod: "POST" }],
  });
  const target = answer.body.data!.stagedUploadsCreate!.stagedTargets![0];
  expect((await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip)).status).toBe(204);
  return target.resourceUrl!;
}

async function attach(productIndex: number) {
  const product = emulator.catalog.productsOf(shop.domain)[productIndex];
  const answer = await send<CreateMediaData>(PRODUCT_CREATE_MEDIA, {
    productId: gid("Product", product.id),
    media: [{ originalSource: await uploadedClip(), mediaContentType: "VIDEO", alt: "Video" }],
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.productCreateMedia;
}

describe("the store's limits", () => {
  it("shows the plan and lists the store's videos", async () => {
    storeLimitsOf(emulator.catalog).setPlan(shop.domain, "Basic");
    addHostedVideos(emulator.catalog, shop.domain, 3);
    const plan = await send<{ shop: { plan: Record<string, unknown> } }>(STORE_PLAN);
    expect(plan.body.data?.shop.plan).toEqual({ publicDisplayName: "Basic", shopifyPlus: false, partnerDevelopment: false });
    const files = await send<{ files: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }>(STORE_HOSTED_MEDIA, {
      query: "media_type:VIDEO",
    });
    expect(files.body.data?.files.nodes).toHaveLength(3);
    expect(files.body.data?.files.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses a video beyond the plan's limit with SHOP_MEDIA_LIMIT_EXCEEDED, and creates nothing", async () => {
    storeLimitsOf(emulator.catalog).setPlan(shop.domain, "Basic", { videoLimit: 4 });
    expect((await attach(0)).mediaUserErrors).toEqual([]);
    const refused = await attach(1);
    expect(refused.media).toBeNull();
    expect(refused.mediaUserErrors).toEqual([
      { field: ["media"], message: "Exceeded the limit of media per shop.", code: "SHOP_MEDIA_LIMIT_EXCEEDED" },
    ]);
    expect(storeLimitsOf(emulator.catalog).hostedVideos(shop.domain, Date.now())).toHaveLength(4);
  });

  it("refuses video creation while the throttle holds with VIDEO_THROTTLE_EXCEEDED, then takes it", async () => {
    const limits = storeLimitsOf(emulator.catalog);
    limits.setPlan(shop.domain, "Advanced");
    limits.throttleVideosFor(shop.domain, 60_000);
    expect((await attach(2)).mediaUserErrors.map((e) => e.code)).toEqual(["VIDEO_THROTTLE_EXCEEDED"]);
    limits.throttleVideosFor(shop.domain, 0);
    limits.setVideoThrottle(shop.domain, { videos: 1, perMs: 60_000 });
    expect((await attach(2)).mediaUserErrors).toEqual([]);
    expect((await attach(3)).mediaUserErrors.map((e) => e.code)).toEqual(["VIDEO_THROTTLE_EXCEEDED"]);
    limits.setVideoThrottle(shop.domain, null);
  });

  it("fails a video beyond the plan's storage with FILE_STORAGE_LIMIT_EXCEEDED in its mediaErrors", async () => {
    const limits = storeLimitsOf(emulator.catalog);
    limits.setOtherFilesBytes(shop.domain, limits.storageLimit(shop.domain));
    const created = await attach(4);
    expect(created.mediaUserErrors).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    const status = await send<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: created.media![0].id });
    expect(status.body.data?.node).toMatchObject({
      status: "FAILED",
      mediaErrors: [expect.objectContaining({ code: "FILE_STORAGE_LIMIT_EXCEEDED" })],
    });
    limits.setOtherFilesBytes(shop.domain, 0);
  });
});
