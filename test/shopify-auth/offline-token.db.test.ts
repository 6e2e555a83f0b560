// The app's Admin client on a stored offline session, against the emulator's
// token endpoint and the real session storage and lock: no session is no
// client; a non-expiring token is used as is; a token near its end is renewed
// once for many concurrent callers; a 401 picks up a token another process
// stored since; a refresh that cannot reach Shopify keeps the session; a
// refresh whose answer is lost or cannot be stored is recovered by renewing
// again with the stored refresh token, which Shopify takes as a retry.
import crypto from "node:crypto";
import { LogSeverity, RequestedTokenType, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { LIBRARY_API_VERSION } from "~/shopify-admin/library-api-version.server";
import { SHOP_INFO } from "~/shopify-admin/operations";
import { createTestDatabase, type TestDatabase } from "../support/database";

const app = { apiKey: "offline-token-key", apiSecret: "offline-token-secret", scopes: "write_products" };
const shops = ["renew-once", "picked-up", "unreachable", "non-expiring", "lost-answer", "unstored"].map((name) => `${name}.myshopify.com`);
let t: TestDatabase;
let emulator: AdminEmulator;
let redis: Redis;
let storage: PrismaSessionStorage<TestDatabase["db"]>;

beforeAll(async () => {
  t = await createTestDatabase();
  const catalog = new Catalog();
  for (const domain of shops) catalog.addShop({ domain, accessToken: `shpat_${crypto.randomBytes(16).toString("hex")}` });
  emulator = await startAdminEmulator({ catalog, seed: 17, app, tokenLifetimes: { offlineAccessSeconds: 60 } });
  redis = new Redis(inject("redisUrl"));
  storage = new PrismaSessionStorage(t.db);
});
afterAll(async () => {
  await redis?.quit();
  await emulator?.stop();
  await t?.drop();
});

function library() {
  return shopifyApi({
    apiKey: app.apiKey,
    apiSecretKey: app.apiSecret,
    apiVersion: LIBRARY_API_VERSION,
    scopes: [app.scopes],
    hostName: "app.example.com",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}

/** What authenticate.admin stores at install: an expiring offline session from token exchange. */
async function install(shop: string) {
  const sessionToken = await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret });
  const { session } = await library().auth.tokenExchange({
    shop,
    sessionToken,
    requestedTokenType: RequestedTokenType.OfflineAccessToken,
    expiring: true,
  });
  await storage.storeSession(session);
  return session;
}

describe("the Admin client on the shop's offline session", () => {
  it("is null for a shop with no stored session", async () => {
    expect(await emulatorAdminClients(emulator, t.db, redis)("never-installed.myshopify.com")).toBeNull();
  });

  it("renews a token within five minutes of its end once, for ten clients calling at the same moment", async () => {
    const shop = shops[0];
    const installed = await install(shop);
    // The renewed token lives Shopify's hour, so it is not near its end again.
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 3600 });
    const adminFor = emulatorAdminClients(emulator, t.db, redis);
    const clients = await Promise.all(Array.from({ length: 10 }, () => adminFor(shop)));
    const answers = await Promise.all(clients.map((client) => client!.request(SHOP_INFO)));
    expect(answers.every((answer) => answer.shop.name === "renew-once")).toBe(true);
    expect(emulator.tokens.countsFor(shop)).toEqual({ exchanges: 1, refreshes: 1, retriedRefreshes: 0, refusedRefreshes: 0 });
    const stored = await storage.loadSession(`offline_${shop}`);
    expect(stored!.refreshToken).not.toBe(installed.refreshToken);
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 60 });
  });

  it("after a 401, uses the token another process stored since, without refreshing again", async () => {
    const shop = shops[1];
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 3600 });
    const installed = await install(shop);
    const client = (await emulatorAdminClients(emulator, t.db, redis)(shop))!;
    // Another process renews and stores; the installed access token stops working.
    const { session: renewed } = await library().auth.refreshToken({ shop, refreshToken: installed.refreshToken! });
    await storage.storeSession(renewed);
    const unauthorized = emulator.stats.unauthorized;
    await expect(client.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: "picked-up" } });
    expect(emulator.stats.unauthorized).toBe(unauthorized + 1);
    expect(emulator.tokens.countsFor(shop)).toMatchObject({ refreshes: 1, refusedRefreshes: 0 });
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 60 });
  });

  it("a refresh that cannot reach Shopify is unavailable, and the stored session stays for the retry", async () => {
    const shop = shops[2];
    const installed = await install(shop);
    const elsewhere = await startAdminEmulator({ seed: 18, app });
    const unreachable = { ...elsewhere, url: `http://127.0.0.1:${elsewhere.port}` };
    await elsewhere.stop();
    const client = (await emulatorAdminClients(unreachable, t.db, redis)(shop))!;
    const error = await client.request(SHOP_INFO).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "AdminApiError", kind: "unavailable" });
    expect(await storage.loadSession(`offline_${shop}`)).toMatchObject({
      accessToken: installed.accessToken,
      refreshToken: installed.refreshToken,
    });
    // Back on the reachable Shopify, the same stored session renews.
    const recovered = (await emulatorAdminClients(emulator, t.db, redis)(shop))!;
    await expect(recovered.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: "unreachable" } });
  });

  it("a non-expiring token (an app installed before expiring tokens) is used as stored, never refreshed", async () => {
    const shop = shops[3];
    const token = emulator.catalog.shops.get(shop)!.accessToken;
    await t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: token } });
    const client = (await emulatorAdminClients(emulator, t.db, redis)(shop))!;
    await expect(client.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: "non-expiring" } });
    expect(emulator.tokens.countsFor(shop)).toEqual({ exchanges: 0, refreshes: 0, retriedRefreshes: 0, refusedRefreshes: 0 });
  });

  it("a refresh whose answer is lost is unavailable; the next call renews with the stored refresh token and gets the pair Shopify issued", async () => {
    const shop = shops[4];
    const installed = await install(shop);
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 3600 });
    emulator.setFaults({ lostRefreshRate: 1 });
    try {
      const client = (await emulatorAdminClients(emulator, t.db, redis)(shop))!;
      expect(await client.request(SHOP_INFO).catch((caught: unknown) => caught)).toMatchObject({
        name: "AdminApiError",
        kind: "unavailable",
      });
    } finally {
      emulator.setFaults({ lostRefreshRate: 0 });
    }
    const lost = emulator.tokens.countsFor(shop);
    expect(lost.refreshes).toBe(1);
    expect(await storage.loadSession(`offline_${shop}`)).toMatchObject({
      accessToken: installed.accessToken,
      refreshToken: installed.refreshToken,
    });

    const client = (await emulatorAdminClients(emulator, t.db, redis)(shop))!;
    await expect(client.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: "lost-answer" } });
    expect(emulator.tokens.countsFor(shop)).toMatchObject({
      refreshes: 1,
      retriedRefreshes: lost.retriedRefreshes + 1,
      refusedRefreshes: 0,
    });
    const stored = await storage.loadSession(`offline_${shop}`);
    expect(stored!.refreshToken).not.toBe(installed.refreshToken);
    expect(stored!.expires!.getTime()).toBeGreaterThan(Date.now() + 3_000_000);
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 60 });
  });

  it("a renewal the app could not store is unavailable and never a revoked shop; the next call renews with the stored refresh token", async () => {
    const shop = shops[5];
    const installed = await install(shop);
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 3600 });
    let failStores = 1;
    const failingOnce = {
      loadSession: (id: string) => storage.loadSession(id),
      deleteSession: (id: string) => storage.deleteSession(id),
      storeSession: async (session: Parameters<typeof storage.storeSession>[0]) => {
        if (failStores-- > 0) throw new Error(`database unreachable while writing ${session.refreshToken}`);
        return storage.storeSession(session);
      },
    };
    const failing = (await emulatorAdminClients(emulator, t.db, redis, { sessionStorage: failingOnce })(shop))!;
    const error = await failing.request(SHOP_INFO).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: "AdminApiError", kind: "unavailable" });
    expect((error as Error).message).not.toMatch(/shprt_|shpat_/);
    expect(await storage.loadSession(`offline_${shop}`)).toMatchObject({
      accessToken: installed.accessToken,
      refreshToken: installed.refreshToken,
    });

    await expect(failing.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: "unstored" } });
    expect(emulator.tokens.countsFor(shop)).toEqual({ exchanges: 1, refreshes: 1, retriedRefreshes: 1, refusedRefreshes: 0 });
    expect((await storage.loadSession(`offline_${shop}`))!.refreshToken).not.toBe(installed.refreshToken);
    emulator.tokens.setLifetimes({ offlineAccessSeconds: 60 });
  });
});
