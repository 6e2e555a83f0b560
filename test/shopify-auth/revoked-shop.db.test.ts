// A shop that uninstalled the app, seen from the admin pages and the
// extension back ends: Shopify's 401 turns into the merchant's "no access"
// sentence (not "try again in a minute"), and the offline session is gone,
// so nothing keeps asking Shopify for that shop.
import { afterAll, beforeAll, expect, it } from "vitest";
import { NO_ACCESS_MESSAGE, readFromStore, StoreUnavailableError } from "~/catalog/store-access.server";
import { ExtensionError } from "~/extension-actions/errors.server";
import { askShopify } from "~/extension-actions/shop-admin.server";
import { SHOP_INFO } from "~/shopify-admin/operations";
import { OTHER_SHOP, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";

let h: AdminRoutes;

beforeAll(async () => {
  h = await startAdminRoutes();
});
afterAll(async () => {
  await h.stop();
});

const offlineSessions = (shop: string) => h.t.db.session.count({ where: { shop, isOnline: false } });

it("reading the catalog of a revoked shop says the app has no access, deletes the session, and the next read asks Shopify nothing", async () => {
  h.emulator.tokens.revokeShop(SHOP);
  const error = await readFromStore(h.ctx, SHOP, (admin) => admin.request(SHOP_INFO)).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(StoreUnavailableError);
  expect((error as Error).message).toBe(NO_ACCESS_MESSAGE);
  expect(await offlineSessions(SHOP)).toBe(0);

  const requests = h.emulator.stats.requests;
  await expect(readFromStore(h.ctx, SHOP, (admin) => admin.request(SHOP_INFO))).rejects.toThrow(NO_ACCESS_MESSAGE);
  expect(h.emulator.stats.requests).toBe(requests);
});

it("an extension's Admin call for a revoked shop answers shop_access_lost", async () => {
  const token = h.catalog.shops.get(OTHER_SHOP)!.accessToken;
  await h.t.db.session.create({ data: { id: `offline_${OTHER_SHOP}`, shop: OTHER_SHOP, state: "", isOnline: false, accessToken: token } });
  const admin = (await h.ctx.adminFor(OTHER_SHOP))!;
  h.emulator.tokens.revokeShop(OTHER_SHOP);
  const error = await askShopify(admin, SHOP_INFO, {}).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ExtensionError);
  expect(error).toMatchObject({ code: "shop_access_lost", status: 503 });
  expect(await offlineSessions(OTHER_SHOP)).toBe(0);
});
