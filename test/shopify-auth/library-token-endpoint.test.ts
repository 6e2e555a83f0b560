// The Shopify library's own token calls (what authenticate.admin and the
// app's offline-token refresh use) reach the emulator once its origin is set,
// and get what Shopify gives: sessions with expiry and refresh tokens, a
// rotated refresh token, the same pair for a retry with the used one, and a
// refusal for it once its replacement was used.
import { HttpResponseError, LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { afterAll, beforeAll, expect, it } from "vitest";
import { LIBRARY_API_VERSION } from "~/shopify-admin/library-api-version.server";
import { sendShopifyLibraryTo } from "~/shopify-admin/shopify-origin.server";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { firstShop } from "../../dev/shopify-admin-emulator/test-support";

const app = { apiKey: "library-test-key", apiSecret: "library-test-secret", scopes: "write_products" };
let emulator: AdminEmulator;
let api: ReturnType<typeof shopifyApi>;

beforeAll(async () => {
  emulator = await startAdminEmulator({ seed: 11, app, tokenLifetimes: { offlineAccessSeconds: 3600, refreshSeconds: 86_400 } });
  sendShopifyLibraryTo(emulator.url);
  api = shopifyApi({
    apiKey: app.apiKey,
    apiSecretKey: app.apiSecret,
    scopes: [app.scopes],
    hostName: "app.example.com",
    isEmbeddedApp: true,
    apiVersion: LIBRARY_API_VERSION,
    logger: { level: LogSeverity.Error },
  });
});
afterAll(async () => {
  await emulator?.stop();
});

it("exchanges a session token for an expiring offline session, refreshes it, is given the same pair for a retry with the used refresh token, and is refused it once the new one was used", async () => {
  const shop = firstShop(emulator).domain;
  const sessionToken = await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret });
  const { session } = await api.auth.tokenExchange({
    shop,
    sessionToken,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    expiring: true,
  });
  expect(session).toMatchObject({ id: `offline_${shop}`, shop, isOnline: false, scope: "write_products" });
  expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
  expect(session.refreshToken).toMatch(/^shprt_/);
  expect(session.refreshTokenExpires!.getTime()).toBeGreaterThan(Date.now() + 86_000_000);

  const { session: renewed } = await api.auth.refreshToken({ shop, refreshToken: session.refreshToken! });
  expect(renewed.accessToken).not.toBe(session.accessToken);
  expect(renewed.refreshToken).not.toBe(session.refreshToken);
  const { session: retried } = await api.auth.refreshToken({ shop, refreshToken: session.refreshToken! });
  expect(retried).toMatchObject({ accessToken: renewed.accessToken, refreshToken: renewed.refreshToken });
  await api.auth.refreshToken({ shop, refreshToken: renewed.refreshToken! });
  const refused = await api.auth.refreshToken({ shop, refreshToken: session.refreshToken! }).catch((error: unknown) => error);
  expect(refused).toBeInstanceOf(HttpResponseError);
  expect((refused as HttpResponseError).response).toMatchObject({ code: 400, body: { error: "invalid_grant" } });
  expect(emulator.tokens.countsFor(shop)).toEqual({ exchanges: 1, refreshes: 2, retriedRefreshes: 1, refusedRefreshes: 1 });
});

it("gives an online session for the staff member the session token names", async () => {
  const shop = firstShop(emulator).domain;
  const sessionToken = await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret, userId: "77" });
  const { session } = await api.auth.tokenExchange({ shop, sessionToken, requestedTokenType: RequestedTokenType.OnlineAccessToken });
  expect(session).toMatchObject({ isOnline: true, shop, onlineAccessInfo: { associated_user: { id: 77 } } });
});
