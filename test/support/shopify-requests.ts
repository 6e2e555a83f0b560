// Requests as Shopify makes them, for route tests: session tokens (the ID
// token admin extensions attach), HMAC-signed webhooks, and the shop's offline
// session that authenticate.admin loads instead of exchanging a token.
//
// app/shopify.server.ts reads the environment and opens session storage on the
// process's database when it is imported, so a test calls useShopifyTestApp()
// first and imports routes afterwards, with `await import(...)`.
import crypto from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import type { Database } from "~/db.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { resetEnvForTests } from "~/config/env.server";
import { APP_SCOPES } from "~/config/access-scopes";
import { ADMIN_API_VERSION } from "~/shopify-admin/schema.server";

export const TEST_API_KEY = "test-api-key-catalog-motion";
export const TEST_API_SECRET = "test-api-secret-catalog-motion";
export const TEST_APP_URL = "https://catalog-motion.test";
/** Where admin extensions run: a different origin, so CORS applies. */
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";
export const TEST_SCOPES = APP_SCOPES;

export function useShopifyTestApp(db: Database, pipeline?: PipelineContext): void {
  process.env.SHOPIFY_API_KEY = TEST_API_KEY;
  process.env.SHOPIFY_API_SECRET = TEST_API_SECRET;
  process.env.SHOPIFY_APP_URL = TEST_APP_URL;
  process.env.SCOPES = TEST_SCOPES;
  process.env.CATALOG_MOTION_SANDBOX = "0";
  resetEnvForTests();
  global.__catalogMotionDb = db;
  if (pipeline) global.__catalogMotionPipeline = pipeline;
}

/** The access token of the shop's seeded offline session: an Admin API emulator shop made with it answers the app. */
export const offlineAccessToken = (shop: string) => `shpat_test_${shop}`;

export async function seedOfflineSession(db: Database, shop: string): Promise<void> {
  await db.session.upsert({
    where: { id: `offline_${shop}` },
    create: { id: `offline_${shop}`, shop, state: "", isOnline: false, scope: TEST_SCOPES, accessToken: offlineAccessToken(shop) },
    update: {},
  });
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString("base64url");

/** An HS256 session token with the claims Shopify puts in one. */
export function sessionToken(shop: string, options: { secret?: string; expiresInSeconds?: number; audience?: string } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const header = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const payload = base64url(
    JSON.stringify({
      iss: `https://${shop}/admin`,
      dest: `https://${shop}`,
      aud: options.audience ?? TEST_API_KEY,
      sub: "42",
      exp: now + (options.expiresInSeconds ?? 60),
      nbf: now - 5,
      iat: now - 5,
      jti: crypto.randomUUID(),
      sid: crypto.randomBytes(16).toString("hex"),
    }),
  );
  const signature = crypto
    .createHmac("sha256", options.secret ?? TEST_API_SECRET)
    .update(`${header}.${payload}`)
    .digest();
  return `${header}.${payload}.${base64url(signature)}`;
}

/** A request as an admin extension's fetch sends it: ID token attached, from Shopify's origin. */
export function extensionRequest(path: string, options: { token?: string; method?: string; body?: unknown } = {}): Request {
  const headers = new Headers({ origin: EXTENSION_ORIGIN, accept: "application/json" });
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.body !== undefined) headers.set("content-type", "application/json");
  return new Request(`${TEST_APP_URL}${path}`, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

/** A CORS preflight, as the browser sends before an extension's authorised fetch. */
export function preflightRequest(path: string, method = "GET"): Request {
  return new Request(`${TEST_APP_URL}${path}`, {
    method: "OPTIONS",
    headers: {
      origin: EXTENSION_ORIGIN,
      "access-control-request-method": method,
      "access-control-request-headers": "authorization,content-type",
    },
  });
}

/**
 * A webhook delivery as Shopify signs it (base64 HMAC-SHA256 of the raw body with the app's secret).
 * Shopify's retries of one delivery carry the same `webhookId`; `path` sends it to another route's address.
 */
export function webhookRequest(
  topic: string,
  shop: string,
  payload: unknown,
  options: { secret?: string; hmac?: string; webhookId?: string; path?: string } = {},
): Request {
  const body = JSON.stringify(payload);
  const hmac = options.hmac ?? getHmac(body, options.secret ?? TEST_API_SECRET);
  return new Request(`${TEST_APP_URL}${options.path ?? `/webhooks/${topic}`}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": hmac,
      "x-shopify-topic": topic,
      "x-shopify-shop-domain": shop,
      "x-shopify-webhook-id": options.webhookId ?? crypto.randomUUID(),
      "x-shopify-api-version": ADMIN_API_VERSION,
    },
    body,
  });
}

/** Remix sends a thrown Response as the answer; tests see both the same way. */
export async function responseOf(run: () => Promise<Response> | Response): Promise<Response> {
  try {
    return await run();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
