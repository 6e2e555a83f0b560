// Access scopes as Shopify enforces them: a root field the token's scopes do
// not reach answers HTTP 200 with an ACCESS_DENIED error naming the required
// access, its data null, and nothing changed; a write scope reads too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminApiError } from "../../app/shopify-admin/admin-client";
import { APP_SCOPES } from "../../app/config/access-scopes";
import { createAdminGateway } from "../../app/shopify-admin/gateway.server";
import {
  DELETE_FILES,
  PRODUCT_REORDER_MEDIA,
  REMOVE_FROM_PRODUCT,
  SHOP_INFO,
  STAGED_UPLOADS_CREATE,
} from "../../app/shopify-admin/operations";
import { PRODUCT_CREATE_MEDIA } from "../../app/publishing/attach-media.server";
import { CHOSEN_PRODUCTS } from "../../app/catalog/products.server";
import type { ProductRecord, ShopRecord } from "./catalog";
import { createDemoCatalog } from "./demo-catalog";
import { gid } from "./ids";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { signSessionToken } from "./session-tokens";
import { firstShop, rawClient } from "./test-support";

const DOCUMENTATION = "https://shopify.dev/api/usage/access-scopes";
let emulator: AdminEmulator;
let shop: ShopRecord;
let product: ProductRecord;

beforeAll(async () => {
  emulator = await startAdminEmulator({ catalog: createDemoCatalog({ shops: 1, productsPerShop: 3, seed: 9 }), seed: 9 });
  shop = firstShop(emulator);
  product = emulator.catalog.productsOf(shop.domain)[0];
});
afterAll(async () => {
  await emulator?.stop();
});

/** A client whose token was granted exactly these scopes. */
function grantedOnly(scopes: string) {
  return rawClient(emulator, shop, { token: emulator.tokens.issueOffline(shop.domain, scopes, false).accessToken });
}

function denied(field: string, requiredAccess: string) {
  return {
    message: `Access denied for ${field} field. Required access: ${requiredAccess}`,
    locations: [expect.objectContaining({ line: expect.any(Number), column: expect.any(Number) })],
    path: [field],
    extensions: { code: "ACCESS_DENIED", documentation: DOCUMENTATION, requiredAccess },
  };
}

const WRITE_FILES = "`write_files` access scope or `write_themes` access scope.";

describe("a token without write_files", () => {
  const send = () => grantedOnly("read_products,write_products");

  it("cannot fileUpdate or fileDelete: HTTP 200, Shopify's ACCESS_DENIED error, data null, the file still on the product", async () => {
    const imageId = gid("MediaImage", product.media[0].id);
    const removed = await send()(REMOVE_FROM_PRODUCT, { files: [{ id: imageId, referencesToRemove: [gid("Product", product.id)] }] });
    expect(removed).toEqual({
      status: 200,
      body: { data: { fileUpdate: null }, errors: [denied("fileUpdate", WRITE_FILES)], extensions: expect.any(Object) },
    });
    const deleted = await send()(DELETE_FILES, { fileIds: [imageId] });
    expect(deleted.body).toMatchObject({ data: { fileDelete: null }, errors: [denied("fileDelete", WRITE_FILES)] });
    expect(product.media.map((media) => gid("MediaImage", media.id))).toContain(imageId);
  });

  it("still reads products (write_products carries read_products) and reorders media", async () => {
    const listed = await send()(CHOSEN_PRODUCTS, { ids: [gid("Product", product.id)] });
    expect(listed.body.errors).toBeUndefined();
    expect(listed.body.data).toMatchObject({ nodes: [{ id: gid("Product", product.id) }] });
    const reordered = await send()(PRODUCT_REORDER_MEDIA, {
      id: gid("Product", product.id),
      moves: [{ id: gid("MediaImage", product.media[0].id), newPosition: "0" }],
    });
    expect(reordered.body.errors).toBeUndefined();
  });

  it("fails through the app's Admin client as refused, naming the access it needs", async () => {
    const token = emulator.tokens.issueOffline(shop.domain, "read_products,write_products", false).accessToken;
    const client = createAdminGateway({ shop: shop.domain, accessToken: token, apiOrigin: emulator.url });
    const error = await client
      .request(REMOVE_FROM_PRODUCT, {
        files: [{ id: gid("MediaImage", product.media[0].id), referencesToRemove: [gid("Product", product.id)] }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).toMatchObject({
      kind: "refused",
      codes: ["ACCESS_DENIED"],
      message: expect.stringContaining("`write_files` access scope"),
    });
  });
});

describe("each scope reaches its own operations", () => {
  it("read_products alone cannot stage an upload or attach media", async () => {
    const send = grantedOnly("read_products");
    const staged = await send(STAGED_UPLOADS_CREATE, {
      input: [{ resource: "VIDEO", filename: "clip.mp4", mimeType: "video/mp4", fileSize: "1000", httpMethod: "POST" }],
    });
    expect(staged.body).toMatchObject({
      data: { stagedUploadsCreate: null },
      errors: [denied("stagedUploadsCreate", "`write_products` access scope.")],
    });
    const attached = await send(PRODUCT_CREATE_MEDIA, {
      productId: gid("Product", product.id),
      media: [{ originalSource: "https://example.com/clip.mp4", mediaContentType: "VIDEO" }],
    });
    expect(attached.body).toMatchObject({
      data: { productCreateMedia: null },
      errors: [denied("productCreateMedia", "`write_products` access scope.")],
    });
    expect(emulator.stats.stagedUploadsCreated).toBe(0);
  });

  it("write_files alone cannot read products; the shop needs no scope", async () => {
    const send = grantedOnly("write_files");
    const listed = await send(CHOSEN_PRODUCTS, { ids: [gid("Product", product.id)] });
    expect(listed).toMatchObject({ status: 200, body: { errors: [denied("nodes", "`read_products` access scope.")] } });
    const info = await send(SHOP_INFO);
    expect(info.body.errors).toBeUndefined();
    expect(info.body.data).toMatchObject({ shop: { name: expect.any(String) } });
  });

  it("the app's own scopes reach every operation it uses: the token endpoint grants them by default, and the catalog's pre-issued token has them", async () => {
    const apped = await startAdminEmulator({
      catalog: createDemoCatalog({ shops: 1, productsPerShop: 1, seed: 10 }),
      seed: 10,
      app: { apiKey: "scopes-key", apiSecret: "scopes-secret" },
    });
    try {
      const appShop = firstShop(apped).domain;
      const response = await fetch(`${apped.url}/${appShop}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: "scopes-key",
          client_secret: "scopes-secret",
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: await signSessionToken({ shop: appShop, apiKey: "scopes-key", apiSecret: "scopes-secret" }),
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
          expiring: "1",
        }),
      });
      expect(((await response.json()) as { scope: string }).scope).toBe(APP_SCOPES);
    } finally {
      await apped.stop();
    }
    const removed = await rawClient(emulator, shop)(REMOVE_FROM_PRODUCT, {
      files: [{ id: gid("MediaImage", product.media[0].id), referencesToRemove: [gid("Product", 1)] }],
    });
    expect(removed.body.errors).toBeUndefined();
    expect(removed.body.data).toMatchObject({ fileUpdate: { userErrors: [{ code: "REFERENCE_TARGET_DOES_NOT_EXIST" }] } });
  });
});
