// The token endpoint as Shopify answers it: token exchange (offline, expiring
// offline, online), refresh with rotation, and the Admin API's 401 for
// tokens that expired, were replaced or were revoked.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { signSessionToken } from "./session-tokens";
import { firstShop } from "./test-support";

const app = { apiKey: "emulator-test-key", apiSecret: "emulator-test-secret", scopes: "write_products" };
const INVALID_TOKEN_BODY = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

let emulator: AdminEmulator;
let shop: string;

beforeAll(async () => {
  emulator = await startAdminEmulator({ seed: 7, app, tokenLifetimes: { offlineAccessSeconds: 0.4, refreshSeconds: 30 } });
  shop = firstShop(emulator).domain;
});
afterAll(async () => {
  await emulator?.stop();
});

async function tokenRequest(body: Record<string, string>, options: { path?: string; form?: boolean } = {}) {
  const response = await fetch(`${emulator.url}${options.path ?? `/${shop}/admin/oauth/access_token`}`, {
    method: "POST",
    headers: { "content-type": options.form ? "application/x-www-form-urlencoded" : "application/json", accept: "application/json" },
    body: options.form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function exchange(requestedTokenType: string, extra: Record<string, string> = {}, sessionToken?: string) {
  return tokenRequest({
    client_id: app.apiKey,
    client_secret: app.apiSecret,
    grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
    subject_token: sessionToken ?? (await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret, userId: "42" })),
    subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
    requested_token_type: requestedTokenType,
    ...extra,
  });
}

function refresh(refreshToken: string) {
  return tokenRequest({ client_id: app.apiKey, client_secret: app.apiSecret, grant_type: "refresh_token", refresh_token: refreshToken });
}

async function shopName(accessToken: string) {
  const response = await fetch(`${emulator.url}/${shop}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": accessToken },
    body: JSON.stringify({ query: "{ shop { name } }" }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("token exchange", () => {
  it("gives an expiring offline token with a refresh token, in Shopify's shape, that the Admin API takes until it expires", async () => {
    const answer = await exchange(OFFLINE, { expiring: "1" });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: "write_products",
      expires_in: 0.4,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 30,
    });
    const token = answer.body.access_token as string;
    expect((await shopName(token)).status).toBe(200);
    await sleep(500);
    expect(await shopName(token)).toEqual({ status: 401, body: INVALID_TOKEN_BODY });
  });

  it("gives a non-expiring offline token without expiring=1, and an online token for the session token's staff member", async () => {
    const offline = await exchange(OFFLINE, {}, undefined);
    expect(offline.body).toEqual({ access_token: expect.any(String), scope: "write_products" });
    const online = await exchange(ONLINE);
    expect(online.status).toBe(200);
    expect(online.body).toMatchObject({
      scope: "write_products",
      associated_user_scope: "write_products",
      associated_user: { id: 42, account_owner: true },
    });
    expect(online.body.expires_in).toBeGreaterThan(0);
    expect((await shopName(online.body.access_token as string)).status).toBe(200);
  });

  it("takes a form-encoded body on the bare path too", async () => {
    const sessionToken = await signSessionToken({ shop, ...app });
    const answer = await tokenRequest(
      {
        client_id: app.apiKey,
        client_secret: app.apiSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: sessionToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: OFFLINE,
        expiring: "1",
      },
      { path: "/admin/oauth/access_token", form: true },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.refresh_token).toEqual(expect.any(String));
  });

  it("refuses a session token signed with another secret, for another app, expired, or for another shop's URL, and the client's wrong secret", async () => {
    const before = emulator.tokens.countsFor(shop).exchanges;
    const wrongSecret = await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: "not-the-secret" });
    const otherApp = await signSessionToken({ shop, apiKey: "other-app", apiSecret: app.apiSecret });
    const expired = await signSessionToken({ shop, ...app, ttlSeconds: -30 });
    for (const token of [wrongSecret, otherApp, expired, "not-a-jwt"]) {
      expect(await exchange(OFFLINE, { expiring: "1" }, token)).toEqual({
        status: 400,
        body: { error: "invalid_subject_token", error_description: expect.any(String) },
      });
    }
    const sessionToken = await signSessionToken({ shop, ...app });
    const otherShop = await tokenRequest(
      {
        client_id: app.apiKey,
        client_secret: app.apiSecret,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: sessionToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: OFFLINE,
      },
      { path: "/another-shop.myshopify.com/admin/oauth/access_token" },
    );
    expect(otherShop).toMatchObject({ status: 400, body: { error: "invalid_subject_token" } });
    expect((await exchange(OFFLINE, { client_secret: "wrong" })).body).toMatchObject({ error: "invalid_client" });
    expect((await exchange("urn:unknown")).body).toMatchObject({ error: "invalid_request" });
    expect((await tokenRequest({ client_id: app.apiKey, client_secret: app.apiSecret, grant_type: "password" })).body).toMatchObject({
      error: "unsupported_grant_type",
    });
    expect(emulator.tokens.countsFor(shop).exchanges).toBe(before);
  });
});

describe("refresh", () => {
  it("rotates: the new pair works and the replaced access token stops at once; the used refresh token gives the same pair again until the new one is used, then it is retired", async () => {
    const first = (await exchange(OFFLINE, { expiring: "1" })).body;
    const before = emulator.tokens.countsFor(shop);
    const second = await refresh(first.refresh_token as string);
    expect(second.status).toBe(200);
    expect(second.body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: "write_products",
      expires_in: 0.4,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: 30,
    });
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect((await shopName(second.body.access_token as string)).status).toBe(200);
    expect((await shopName(first.access_token as string)).status).toBe(401);

    // The answer was lost or never stored: the app retries with the token it has.
    const retried = await refresh(first.refresh_token as string);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({
      access_token: second.body.access_token,
      refresh_token: second.body.refresh_token,
      scope: "write_products",
    });
    expect(retried.body.expires_in).toBeGreaterThan(0);
    expect(retried.body.expires_in).toBeLessThanOrEqual(0.4);
    expect(retried.body.refresh_token_expires_in).toBeLessThanOrEqual(30);
    // Calls with the new access token are not "using the replacement": the retry still works.
    expect((await refresh(first.refresh_token as string)).body.access_token).toBe(second.body.access_token);

    const third = await refresh(second.body.refresh_token as string);
    expect(third.status).toBe(200);
    expect(third.body.access_token).not.toBe(second.body.access_token);
    expect(await refresh(first.refresh_token as string)).toEqual({
      status: 400,
      body: { error: "invalid_grant", error_description: expect.any(String) },
    });
    expect((await shopName(second.body.access_token as string)).status).toBe(401);
    expect((await shopName(third.body.access_token as string)).status).toBe(200);
    expect(emulator.tokens.countsFor(shop)).toEqual({
      ...before,
      refreshes: before.refreshes + 2,
      retriedRefreshes: before.retriedRefreshes + 2,
      refusedRefreshes: before.refusedRefreshes + 1,
    });
  });

  it("a retry after the replacement access token expired gives the same pair, the access token living a full lifetime again", async () => {
    const first = (await exchange(OFFLINE, { expiring: "1" })).body;
    const second = (await refresh(first.refresh_token as string)).body;
    await sleep(500);
    expect((await shopName(second.access_token as string)).status).toBe(401);
    const retried = (await refresh(first.refresh_token as string)).body;
    expect(retried).toMatchObject({ access_token: second.access_token, refresh_token: second.refresh_token, expires_in: 0.4 });
    expect((await shopName(second.access_token as string)).status).toBe(200);
  });

  it("works after the access token expired, and not after the refresh token did", async () => {
    const short = await startAdminEmulator({ seed: 8, app, tokenLifetimes: { offlineAccessSeconds: 0.1, refreshSeconds: 0.4 } });
    try {
      const shortShop = firstShop(short).domain;
      const subject = await signSessionToken({ shop: shortShop, ...app });
      const post = async (body: Record<string, string>) => {
        const response = await fetch(`${short.url}/admin/oauth/access_token`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ client_id: app.apiKey, client_secret: app.apiSecret, ...body }),
        });
        return { status: response.status, body: (await response.json()) as Record<string, string> };
      };
      const issued = await post({
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: subject,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: OFFLINE,
        expiring: "1",
      });
      await sleep(150);
      const renewed = await post({ grant_type: "refresh_token", refresh_token: issued.body.refresh_token });
      expect(renewed.status).toBe(200);
      await sleep(450);
      expect(await post({ grant_type: "refresh_token", refresh_token: renewed.body.refresh_token })).toMatchObject({
        status: 400,
        body: { error: "invalid_grant" },
      });
    } finally {
      await short.stop();
    }
  });
});

describe("uninstall", () => {
  it("revoking a shop ends its issued tokens, its refresh tokens and its pre-issued catalog token; a new install works again", async () => {
    const issued = (await exchange(OFFLINE, { expiring: "1" })).body;
    const preIssued = firstShop(emulator).accessToken;
    expect((await shopName(preIssued)).status).toBe(200);
    emulator.tokens.revokeShop(shop);
    expect(await shopName(issued.access_token as string)).toEqual({ status: 401, body: INVALID_TOKEN_BODY });
    expect(await shopName(preIssued)).toEqual({ status: 401, body: INVALID_TOKEN_BODY });
    expect((await refresh(issued.refresh_token as string)).body).toMatchObject({ error: "invalid_grant" });
    const reinstalled = (await exchange(OFFLINE, { expiring: "1" })).body;
    expect((await shopName(reinstalled.access_token as string)).status).toBe(200);
    expect(await shopName("shpat_never_issued")).toEqual({ status: 401, body: INVALID_TOKEN_BODY });
  });
});
