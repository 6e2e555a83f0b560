// The "which photo" rule through the app's own reads (the in-app product
// list and collection expansion), against the Admin API emulator on the real
// schema: the featured media when it is an image, else the first image, else
// none; the second query only for the products that need it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionProducts } from "./collections.server";
import { chosenProducts, productForVideo } from "./products.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import type { ProductRecord, ShopRecord } from "../../dev/shopify-admin-emulator/catalog";
import { createDemoCatalog } from "../../dev/shopify-admin-emulator/demo-catalog";
import { gid } from "../../dev/shopify-admin-emulator/ids";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { firstShop, putReadyVideoFirst } from "../../dev/shopify-admin-emulator/test-support";
import { featuredImageUrl, withFirstImages } from "./product-photo.server";

let emulator: AdminEmulator;
let shop: ShopRecord;
let photoFirst: ProductRecord;
let videoFirst: ProductRecord;
let noPhoto: ProductRecord;

beforeAll(async () => {
  emulator = await startAdminEmulator({ catalog: createDemoCatalog({ productsPerShop: 4, seed: 3 }), seed: 3 });
  shop = firstShop(emulator);
  [photoFirst, videoFirst] = emulator.catalog.productsOf(shop.domain);
  putReadyVideoFirst(emulator.catalog, videoFirst);
  noPhoto = emulator.catalog.addProduct(shop.domain, { title: "Gift card", sku: "GIFT-1", withImage: false });
  putReadyVideoFirst(emulator.catalog, noPhoto);
});
afterAll(async () => {
  await emulator.stop();
});

const admin = () => createAdminGateway({ shop: shop.domain, accessToken: shop.accessToken, apiOrigin: emulator.url });
const imageOf = (product: ProductRecord) => `${emulator.url}/product-images/${product.media.find((m) => m.kind === "IMAGE")!.id}.png`;
const firstImageLookups = () => emulator.stats.operations.FirstProductImages ?? 0;

describe("the photo a product's video starts from", () => {
  it("is the featured media when it is an image, else the first image, else none", async () => {
    const before = firstImageLookups();
    const { found, missing } = await chosenProducts(
      admin(),
      [photoFirst, videoFirst, noPhoto].map((p) => gid("Product", p.id)),
    );
    expect(missing).toBe(0);
    expect(found.map((p) => [p.title, p.imageUrl])).toEqual([
      [photoFirst.title, imageOf(photoFirst)],
      [videoFirst.title, imageOf(videoFirst)],
      ["Gift card", null],
    ]);
    // One lookup for the two products whose featured media is a video.
    expect(firstImageLookups() - before).toBe(1);
  });

  it("holds for the product page's read, from the media it already has", async () => {
    const before = firstImageLookups();
    const read = await productForVideo(admin(), gid("Product", videoFirst.id));
    expect(read?.product.imageUrl).toBe(imageOf(videoFirst));
    expect(read?.media.map((m) => m.mediaContentType)).toEqual(["VIDEO", "IMAGE"]);
    expect((await productForVideo(admin(), gid("Product", noPhoto.id)))?.product.imageUrl).toBeNull();
    expect(await productForVideo(admin(), gid("Product", 1))).toBeNull();
    expect(firstImageLookups()).toBe(before);
  });

  it("asks nothing more when every featured media is an image", async () => {
    const before = firstImageLookups();
    const products = await withFirstImages(admin(), [
      { id: gid("Product", photoFirst.id), imageUrl: featuredImageUrl({ image: { url: "https://cdn.example/a.png" } }) },
    ]);
    expect(products).toEqual([{ id: gid("Product", photoFirst.id), imageUrl: "https://cdn.example/a.png" }]);
    expect(firstImageLookups()).toBe(before);
    expect(featuredImageUrl({})).toBeNull();
    expect(featuredImageUrl(null)).toBeNull();
  });

  it("holds for a whole collection read page by page", async () => {
    const collection = emulator.catalog.addCollection(shop.domain, {
      title: "Mixed",
      productIds: [photoFirst.id, videoFirst.id, noPhoto.id],
    });
    const read = await collectionProducts(admin(), gid("Collection", collection.id), 10);
    expect(read?.products.map((p) => p.imageUrl)).toEqual([imageOf(photoFirst), imageOf(videoFirst), null]);
    expect(read?.truncated).toBe(false);
    const limited = await collectionProducts(admin(), gid("Collection", collection.id), 2);
    expect(limited).toMatchObject({ truncated: true, products: [{ imageUrl: imageOf(photoFirst) }, { imageUrl: imageOf(videoFirst) }] });
  });
});
