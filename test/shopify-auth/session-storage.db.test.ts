// Sessions as @shopify/shopify-app-session-storage-prisma writes and reads
// them, on the app's own schema (SQLite and Postgres): an expiring offline
// session with its refresh token, an online session with its staff member,
// rotation overwriting the stored pair, and deletion one by one or together.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";

const shop = "session-storage.myshopify.com";
let t: TestDatabase;
let storage: PrismaSessionStorage<TestDatabase["db"]>;

beforeAll(async () => {
  t = await createTestDatabase();
  storage = new PrismaSessionStorage(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const inAnHour = () => new Date(Math.floor(Date.now() / 1000) * 1000 + 3600_000);

function offlineSession(accessToken: string, refreshToken: string): Session {
  return new Session({
    id: `offline_${shop}`,
    shop,
    state: "",
    isOnline: false,
    scope: "write_products",
    accessToken,
    expires: inAnHour(),
    refreshToken,
    refreshTokenExpires: new Date(Math.floor(Date.now() / 1000) * 1000 + 90 * 86_400_000),
  });
}

describe("PrismaSessionStorage on the app's Session table", () => {
  it("stores an expiring offline session and loads it back whole, refresh token included", async () => {
    const session = offlineSession("shpat_first", "shprt_first");
    expect(await storage.storeSession(session)).toBe(true);
    const loaded = await storage.loadSession(session.id);
    expect(loaded?.toObject()).toEqual(session.toObject());
    expect(loaded?.isExpired(5 * 60_000)).toBe(false);
    const row = await t.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(row).toMatchObject({ accessToken: "shpat_first", refreshToken: "shprt_first", isOnline: false });
  });

  it("a refresh stored over the session replaces both tokens, leaving one row", async () => {
    await storage.storeSession(offlineSession("shpat_second", "shprt_second"));
    const loaded = await storage.loadSession(`offline_${shop}`);
    expect(loaded).toMatchObject({ accessToken: "shpat_second", refreshToken: "shprt_second" });
    expect(await t.db.session.count({ where: { shop } })).toBe(1);
  });

  it("stores an online session with its staff member, and finds both by shop", async () => {
    const online = new Session({
      id: `${shop}_42`,
      shop,
      state: "",
      isOnline: true,
      scope: "write_products",
      accessToken: "shpua_online",
      expires: inAnHour(),
      onlineAccessInfo: {
        expires_in: 3600,
        associated_user_scope: "write_products",
        associated_user: {
          id: 42,
          first_name: "Ada",
          last_name: "Lovelace",
          email: "ada@example.com",
          email_verified: true,
          account_owner: true,
          locale: "en",
          collaborator: false,
        },
      },
    });
    await storage.storeSession(online);
    const loaded = await storage.loadSession(online.id);
    expect(loaded).toMatchObject({
      isOnline: true,
      accessToken: "shpua_online",
      onlineAccessInfo: { associated_user: { id: 42, email: "ada@example.com", account_owner: true } },
    });
    const found = await storage.findSessionsByShop(shop);
    expect(found.map((s) => s.id).sort()).toEqual([`offline_${shop}`, online.id].sort());
    expect(await storage.findSessionsByShop("another-shop.myshopify.com")).toEqual([]);
  });

  it("deletes one session, then the rest together; a missing id loads as undefined", async () => {
    expect(await storage.deleteSession(`${shop}_42`)).toBe(true);
    expect(await storage.loadSession(`${shop}_42`)).toBeUndefined();
    await storage.storeSession(
      new Session({ id: `${shop}_43`, shop, state: "", isOnline: true, accessToken: "shpua_other", expires: inAnHour() }),
    );
    expect(await storage.deleteSessions([`offline_${shop}`, `${shop}_43`])).toBe(true);
    expect(await storage.findSessionsByShop(shop)).toEqual([]);
    expect(await t.db.session.count({ where: { shop } })).toBe(0);
  });
});
