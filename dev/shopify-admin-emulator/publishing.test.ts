// Publishing a clip against the emulator, step by step with the app's own
// documents: staged upload, the form upload to storage, productCreateMedia,
// and Shopify's processing until READY or FAILED; then the media options
// (productReorderMedia, and fileUpdate / fileDelete for taking a clip off).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DELETE_FILES,
  PRODUCT_MEDIA_STATUS,
  PRODUCT_REORDER_MEDIA,
  REMOVE_FROM_PRODUCT,
  STAGED_UPLOADS_CREATE,
  type DeleteFilesData,
  type ProductMediaStatusData,
  type ProductReorderMediaData,
  type RemoveFromProductData,
  type StagedUploadsCreateData,
  type StagedUploadTarget,
} from "../../app/shopify-admin/operations";
import { PRODUCT_FOR_VIDEO } from "../../app/catalog/products.server";
import { PRODUCT_CREATE_MEDIA, type CreateMediaData as ProductCreateMediaData } from "../../app/publishing/attach-media.server";
import type { ProductRecord, ShopRecord } from "./catalog";
import { createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { firstShop, mp4, rawClient, uploadToTarget } from "./test-support";

/** What the product page's read (ProductForVideo) answers, as far as these tests look. */
interface ProductMedia {
  product: { featuredMedia: { image?: { url: string } } | null; media: { nodes: { id: string; mediaContentType: string }[] } } | null;
}

let emulator: AdminEmulator;
let shop: ShopRecord;
let send: ReturnType<typeof rawClient>;
let products: ProductRecord[];

beforeAll(async () => {
  emulator = await startAdminEmulator({
    catalog: createDemoCatalog({ shops: 2, productsPerShop: 10, seed: 5 }),
    seed: 5,
    mediaTiming: { uploadedMs: 40, processingMs: 120 },
    throttle: { maximumAvailable: 100_000, restoreRate: 100_000 },
  });
  shop = firstShop(emulator);
  send = rawClient(emulator, shop);
  products = emulator.catalog.productsOf(shop.domain);
});
afterAll(async () => {
  await emulator.stop();
});

async function stage(fileSize: number, filename = "clip.mp4"): Promise<StagedUploadTarget> {
  const answer = await send<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "VIDEO", filename, mimeType: "video/mp4", fileSize: String(fileSize), httpMethod: "POST" }],
  });
  expect(answer.body.errors).toBeUndefined();
  const payload = answer.body.data?.stagedUploadsCreate;
  expect(payload?.userErrors).toEqual([]);
  return payload!.stagedTargets![0];
}

async function attach(productId: string, resourceUrl: string, alt = "Product video") {
  const answer = await send<ProductCreateMediaData>(PRODUCT_CREATE_MEDIA, {
    productId,
    media: [{ originalSource: resourceUrl, mediaContentType: "VIDEO", alt }],
  });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.productCreateMedia!;
}

async function pollUntilSettled(mediaId: string) {
  const statuses: string[] = [];
  for (let i = 0; i < 100; i++) {
    const answer = await send<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: mediaId });
    const node = answer.body.data!.node!;
    if (statuses.at(-1) !== node.status) statuses.push(node.status);
    if (node.status === "READY" || node.status === "FAILED") return { node, statuses };
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error(`media ${mediaId} never settled`);
}

describe("staged upload -> productCreateMedia -> processing", () => {
  it("an MP4 ends READY, with a source that serves the uploaded bytes and a preview image", async () => {
    const clip = mp4("ready");
    const target = await stage(clip.length);
    expect(target.url).toMatch(/\/staged-uploads\/\d+$/);
    expect(target.resourceUrl).toMatch(/\/staged-uploads\/\d+\?external_video_id=\d+$/);
    expect(target.parameters.map((p) => p.name)).toEqual(["GoogleAccessId", "key", "policy", "signature"]);
    const policy = JSON.parse(Buffer.from(target.parameters[2].value, "base64").toString("utf8")) as { conditions: unknown[] };
    expect(policy.conditions).toContainEqual(["content-length-range", clip.length, clip.length]);

    expect(await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip)).toEqual({ status: 204, text: "" });

    const product = products[0];
    const created = await attach(gid("Product", product.id), target.resourceUrl!, "Tote video [cm:job-1]");
    expect(created.mediaUserErrors).toEqual([]);
    expect(created.media).toEqual([
      {
        id: expect.stringMatching(/^gid:\/\/shopify\/Video\/\d+$/),
        status: "UPLOADED",
        alt: "Tote video [cm:job-1]",
        mediaContentType: "VIDEO",
        filename: "clip.mp4",
      },
    ]);

    const { node, statuses } = await pollUntilSettled(created.media![0].id);
    // The answer above showed UPLOADED; polls see the rest in order (a slow
    // poll may miss a short stage, never reorder one).
    expect(statuses.at(-1)).toBe("READY");
    expect(["UPLOADED", "PROCESSING", "READY"].filter((s) => statuses.includes(s))).toEqual(statuses);
    expect(node).toMatchObject({
      status: "READY",
      mediaErrors: [],
      preview: { image: { url: expect.stringContaining("/media-previews/") } },
    });
    expect(node.sources).toEqual([{ url: expect.stringContaining("/media-files/"), mimeType: "video/mp4" }]);
    const served = Buffer.from(await (await fetch(node.sources![0].url)).arrayBuffer());
    expect(served.equals(clip)).toBe(true);

    expect(emulator.stats.mediaCreated[gid("Product", product.id)]).toBe(1);
    const listed = await send<ProductMedia>(PRODUCT_FOR_VIDEO, { id: gid("Product", product.id) });
    expect(listed.body.data?.product).toMatchObject({
      media: { nodes: [{ mediaContentType: "IMAGE" }, { id: created.media![0].id, mediaContentType: "VIDEO" }] },
    });
  });

  it("a file that is not a video (no ftyp box) ends FAILED with mediaErrors", async () => {
    const page = Buffer.from("<!doctype html><html><body>Access denied</body></html>");
    const target = await stage(page.length, "clip.mp4");
    expect((await uploadToTarget({ url: target.url!, parameters: target.parameters }, page)).status).toBe(204);
    const created = await attach(gid("Product", products[1].id), target.resourceUrl!);

    const { node, statuses } = await pollUntilSettled(created.media![0].id);
    expect(statuses.at(-1)).toBe("FAILED");
    expect(node.mediaErrors).toEqual([
      { code: "VIDEO_INVALID_FILETYPE_ERROR", details: "File format is not supported.", message: "File format is not supported." },
    ]);
    expect(node.sources).toEqual([]);
  });

  it("mediaFailRate makes Shopify's processing fail an otherwise good MP4", async () => {
    emulator.setFaults({ mediaFailRate: 1 });
    try {
      const clip = mp4("unlucky");
      const target = await stage(clip.length);
      await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip);
      const created = await attach(gid("Product", products[2].id), target.resourceUrl!);
      const { node } = await pollUntilSettled(created.media![0].id);
      expect(node.status).toBe("FAILED");
      expect(node.mediaErrors[0]).toMatchObject({ code: "UNKNOWN" });
      // A failed file cannot be updated, so it cannot be taken off the product that way.
      const removed = await send<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
        files: [{ id: node.id, referencesToRemove: [gid("Product", products[2].id)] }],
      });
      expect(removed.body.data?.fileUpdate?.userErrors).toEqual([
        { field: ["files", "0", "id"], message: "File cannot be updated in a failed state.", code: "INVALID_FAILED_MEDIA_STATE" },
      ]);
    } finally {
      emulator.setFaults({ mediaFailRate: 0 });
    }
  });
});

describe("the storage refuses what Google Cloud Storage refuses", () => {
  it("a file one byte larger or smaller than the declared fileSize gets GCS's 400 XML error, and nothing is stored", async () => {
    const clip = mp4("sized");
    const target = await stage(clip.length);
    const larger = await uploadToTarget({ url: target.url!, parameters: target.parameters }, Buffer.concat([clip, Buffer.from([0])]));
    expect(larger.status).toBe(400);
    expect(larger.text).toContain("<Code>EntityTooLarge</Code>");
    expect(larger.text).toMatch(/^<\?xml version='1\.0' encoding='UTF-8'\?><Error>/);

    const smaller = await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip.subarray(1));
    expect(smaller.status).toBe(400);
    expect(smaller.text).toContain("<Code>EntityTooSmall</Code>");

    const refused = await attach(gid("Product", products[3].id), target.resourceUrl!);
    expect(refused.media).toBeNull();
    expect(refused.mediaUserErrors).toMatchObject([{ field: ["media", "0", "originalSource"], code: "INVALID" }]);
  });

  it("a form whose signed parameters were changed is refused with 403", async () => {
    const clip = mp4("forged");
    const target = await stage(clip.length);
    const parameters = target.parameters.map((p) => (p.name === "key" ? { ...p, value: "somewhere/else.mp4" } : p));
    const answer = await uploadToTarget({ url: target.url!, parameters }, clip);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain("<Code>SignatureDoesNotMatch</Code>");
  });

  it("stagedUploadsCreate refuses a VIDEO upload without a fileSize", async () => {
    const answer = await send<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
      input: [{ resource: "VIDEO", filename: "clip.mp4", mimeType: "video/mp4", httpMethod: "POST" }],
    });
    expect(answer.body.data?.stagedUploadsCreate).toEqual({
      stagedTargets: [],
      userErrors: [{ field: ["input", "0", "fileSize"], message: "File size is required for VIDEO uploads" }],
    });
  });
});

describe("productCreateMedia refusals", () => {
  it("a resourceUrl that was staged but never uploaded, or never staged at all, gives mediaUserErrors and no media", async () => {
    const target = await stage(1000);
    for (const originalSource of [
      target.resourceUrl!,
      `${emulator.url}/staged-uploads/999999?external_video_id=999999`,
      "https://cdn.example.com/clip.mp4",
    ]) {
      const refused = await attach(gid("Product", products[4].id), originalSource);
      expect(refused).toEqual({
        media: null,
        mediaUserErrors: [
          {
            field: ["media", "0", "originalSource"],
            message: "Media originalSource is not the resourceUrl of a completed staged upload",
            code: "INVALID",
          },
        ],
      });
    }
    expect(emulator.stats.mediaCreated[gid("Product", products[4].id)]).toBeUndefined();
  });

  it("another shop's upload, or another shop's product, is refused", async () => {
    const other = [...emulator.catalog.shops.values()][1];
    const clip = mp4("foreign");
    const target = await stage(clip.length);
    await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip);

    const otherSend = rawClient(emulator, other);
    const theirProduct = emulator.catalog.productsOf(other.domain)[0];
    const withOurUpload = await otherSend<ProductCreateMediaData>(PRODUCT_CREATE_MEDIA, {
      productId: gid("Product", theirProduct.id),
      media: [{ originalSource: target.resourceUrl, mediaContentType: "VIDEO" }],
    });
    expect(withOurUpload.body.data?.productCreateMedia?.mediaUserErrors[0]).toMatchObject({ code: "INVALID" });

    const onTheirProduct = await attach(gid("Product", theirProduct.id), target.resourceUrl!);
    expect(onTheirProduct.mediaUserErrors).toEqual([
      { field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" },
    ]);
  });
});

describe("media options", () => {
  it("productReorderMedia puts the video first; fileUpdate takes it off the product, and the file stays in the shop", async () => {
    const product = products[5];
    const clip = mp4("options");
    const target = await stage(clip.length);
    await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip);
    const videoId = (await attach(gid("Product", product.id), target.resourceUrl!)).media![0].id;
    const imageId = gid("MediaImage", product.media[0].id);

    const early = await send<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
      files: [{ id: videoId, referencesToRemove: [gid("Product", product.id)] }],
    });
    expect(early.body.data?.fileUpdate).toEqual({
      files: [],
      userErrors: [{ field: ["files", "0", "id"], message: "The file is not in the READY state.", code: "NON_READY_STATE" }],
    });
    expect((await pollUntilSettled(videoId)).node.status).toBe("READY");

    const reordered = await send<ProductReorderMediaData>(PRODUCT_REORDER_MEDIA, {
      id: gid("Product", product.id),
      moves: [{ id: videoId, newPosition: "0" }],
    });
    expect(reordered.body.data?.productReorderMedia).toEqual({
      job: { id: expect.stringMatching(/^gid:\/\/shopify\/Job\//) },
      mediaUserErrors: [],
    });
    const listed = await send<ProductMedia>(PRODUCT_FOR_VIDEO, { id: gid("Product", product.id) });
    expect(listed.body.data?.product).toMatchObject({ featuredMedia: {}, media: { nodes: [{ id: videoId }, { id: imageId }] } });

    const removed = await send<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
      files: [{ id: videoId, referencesToRemove: [gid("Product", product.id)] }],
    });
    expect(removed.body.data?.fileUpdate).toEqual({ files: [{ id: videoId }], userErrors: [] });
    const after = await send<ProductMedia>(PRODUCT_FOR_VIDEO, { id: gid("Product", product.id) });
    expect(after.body.data?.product).toMatchObject({
      featuredMedia: { image: { url: expect.any(String) } },
      media: { nodes: [{ id: imageId }] },
    });
    // Off the product, still a file of the shop.
    expect((await send<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: videoId })).body.data?.node).toMatchObject({
      id: videoId,
      status: "READY",
    });

    const unknownProduct = await send<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
      files: [{ id: videoId, referencesToRemove: [gid("Product", 1)] }],
    });
    expect(unknownProduct.body.data?.fileUpdate?.userErrors).toEqual([
      {
        field: ["files", "0", "referencesToRemove"],
        message: "The target resource does not exist.",
        code: "REFERENCE_TARGET_DOES_NOT_EXIST",
      },
    ]);
  });

  it("fileDelete removes a file from the shop and its product; deleting again says it does not exist", async () => {
    const product = products[7];
    const clip = mp4("discard");
    const target = await stage(clip.length);
    await uploadToTarget({ url: target.url!, parameters: target.parameters }, clip);
    const videoId = (await attach(gid("Product", product.id), target.resourceUrl!)).media![0].id;

    const deleted = await send<DeleteFilesData>(DELETE_FILES, { fileIds: [videoId] });
    expect(deleted.body.data?.fileDelete).toEqual({ deletedFileIds: [videoId], userErrors: [] });
    expect(product.media.map((m) => m.kind)).toEqual(["IMAGE"]);
    expect((await send<ProductMediaStatusData>(PRODUCT_MEDIA_STATUS, { id: videoId })).body.data).toEqual({ node: null });

    const again = await send<DeleteFilesData>(DELETE_FILES, { fileIds: [videoId] });
    expect(again.body.data?.fileDelete).toEqual({
      deletedFileIds: null,
      userErrors: [{ field: ["files"], message: `File id ["${videoId}"] does not exist.`, code: "FILE_DOES_NOT_EXIST" }],
    });
    const removedAgain = await send<RemoveFromProductData>(REMOVE_FROM_PRODUCT, {
      files: [{ id: videoId, referencesToRemove: [gid("Product", product.id)] }],
    });
    expect(removedAgain.body.data?.fileUpdate?.userErrors).toEqual([
      { field: ["files"], message: `File id ["${videoId}"] does not exist.`, code: "FILE_DOES_NOT_EXIST" },
    ]);
  });

  it("mutations cost 10 points each", async () => {
    const answer = await send(PRODUCT_REORDER_MEDIA, { id: gid("Product", products[6].id), moves: [] });
    expect(answer.body.extensions?.cost).toMatchObject({ requestedQueryCost: 10, actualQueryCost: 10 });
  });
});
