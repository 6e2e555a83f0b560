// What the web process says to anyone on the internet, probed against the
// built server started as an operator would (real secrets, NODE_ENV unset):
// the security headers on every kind of answer, a plain 400 for an address
// that does not decode, the login page, and 401 JSON with CORS for extension
// calls that are not signed in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { EXTENSION_ORIGIN, sessionToken } from "../support/shopify-requests";
import { builtAppCopy, realSecrets, root, startWebServer, type WebServer } from "./built-app";

const SECRETS = realSecrets();
const SHOP_WITHOUT_SESSION = "never-installed.myshopify.com";
/** Shopify's library answers bots (node's own user agent among them) with a 410 before anything else. */
const BROWSER = { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" };

let app: Awaited<ReturnType<typeof builtAppCopy>>;
let t: TestDatabase;
let web: WebServer;

beforeAll(async () => {
  app = await builtAppCopy();
  t = await createTestDatabase();
  web = await startWebServer(app.dir, { ...SECRETS, DATABASE_URL: t.url, REDIS_URL: inject("redisUrl") });
}, 240_000);

afterAll(async () => {
  await web?.stop();
  await t?.drop();
  app?.remove();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${web.origin}${path}`, { headers: { ...BROWSER, ...headers }, redirect: "manual" });

function expectSecurityHeaders(
  response: Response,
  frameAncestors: RegExp = /^frame-ancestors https:\/\/admin\.shopify\.com https:\/\/\*\.myshopify\.com;$/,
) {
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  expect(response.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  expect(response.headers.get("content-security-policy")).toMatch(frameAncestors);
}

describe("security headers", () => {
  it.each([
    ["a page", "/auth/login", 200],
    ["a static file", "/favicon.svg", 200],
    ["a 404", "/no-such-page", 404],
    ["a data request's 404", "/no-such-page?_data=root", 404],
    ["a refused body", "/app/settings", 411],
  ])("are on %s", async (_kind, path, status) => {
    const response =
      path === "/app/settings"
        ? await fetch(`${web.origin}${path}`, {
            method: "POST",
            headers: BROWSER,
            body: new ReadableStream({
              start: (c) => {
                c.enqueue(new Uint8Array(10));
                c.close();
              },
            }),
            duplex: "half",
          } as RequestInit)
        : await get(path);
    expect(response.status).toBe(status);
    expectSecurityHeaders(response);
    expect(response.headers.get("strict-transport-security")).toBeNull();
  });

  it("frame-ancestors names the shop when the request names a real shop domain, and only then", async () => {
    // Shopify's library sets it on pages (with its own staff admin hosts); server.js on every other answer.
    expectSecurityHeaders(
      await get("/no-such-page?shop=acme.myshopify.com"),
      /^frame-ancestors https:\/\/acme\.myshopify\.com https:\/\/admin\.shopify\.com[ ;]/,
    );
    expectSecurityHeaders(
      await get("/favicon.svg?shop=acme.myshopify.com"),
      /^frame-ancestors https:\/\/acme\.myshopify\.com https:\/\/admin\.shopify\.com;$/,
    );
    expectSecurityHeaders(await get("/no-such-page?shop=evil.example.com"));
  });

  it("HSTS is sent when the request came over https (through the operator's proxy)", async () => {
    const response = await get("/auth/login", { "x-forwarded-proto": "https" });
    expect(response.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });
});

describe("a malformed address", () => {
  it("gets a plain 400 with no stack trace or path, and the security headers", async () => {
    const response = await get("/app/jobs/%E0%A4%A");
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(text).toBe("Bad request: the address is not valid.");
    expect(text).not.toContain(root);
    expectSecurityHeaders(response);
  });
});

describe("/auth/login", () => {
  it("shows a form asking for the store's domain", async () => {
    const response = await get("/auth/login");
    const html = await response.text();
    expect(response.status).toBe(200);
    expect(html).toContain('name="shop"');
    expect(html).toContain("Store domain");
  });

  it("says what is wrong with a domain that is not a shop's, and sends a real one to Shopify to install", async () => {
    const post = (shop: string) =>
      fetch(`${web.origin}/auth/login`, { method: "POST", headers: BROWSER, body: new URLSearchParams({ shop }), redirect: "manual" });
    const refused = await post("not a shop!");
    expect(refused.status).toBe(200);
    expect(await refused.text()).toContain("isn&#x27;t a Shopify store domain");
    const accepted = await post("acme.myshopify.com");
    expect(accepted.status).toBe(302);
    expect(accepted.headers.get("location")).toBe(
      `https://admin.shopify.com/store/acme/oauth/install?client_id=${SECRETS.SHOPIFY_API_KEY}`,
    );
  });
});

describe("extension endpoints without a session", () => {
  const call = (path: string, init: { method?: string; token?: string; body?: string } = {}) =>
    fetch(`${web.origin}${path}`, {
      method: init.method ?? "GET",
      headers: {
        ...BROWSER,
        origin: EXTENSION_ORIGIN,
        accept: "application/json",
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
        ...(init.body ? { "content-type": "application/json" } : {}),
      },
      body: init.body,
      redirect: "manual",
    });

  async function expectSignedOut(response: Response) {
    expect(response.status).toBe(401);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(await response.json()).toMatchObject({ ok: false, error: { code: "session_expired" } });
  }

  it.each([
    ["GET", "/api/extension/jobs/some-job"],
    ["GET", "/api/extension/form"],
    ["POST", "/api/extension/generate"],
  ])("%s %s without a token gets 401 JSON with CORS, not a redirect", async (method, path) => {
    await expectSignedOut(await call(path, { method, body: method === "POST" ? JSON.stringify({ productIds: [] }) : undefined }));
  });

  it("a token signed with another secret gets 401 JSON with CORS", async () => {
    const forged = sessionToken(SHOP_WITHOUT_SESSION, { secret: "sandbox-api-secret", audience: SECRETS.SHOPIFY_API_KEY });
    await expectSignedOut(await call("/api/extension/jobs/some-job", { token: forged }));
  });

  it("a valid token for a shop with no stored session gets 401 JSON with CORS, not an empty 500", async () => {
    const token = sessionToken(SHOP_WITHOUT_SESSION, { secret: SECRETS.SHOPIFY_API_SECRET, audience: SECRETS.SHOPIFY_API_KEY });
    await expectSignedOut(await call("/api/extension/jobs/some-job", { token }));
  });

  it("a preflight still gets the library's 204 with CORS", async () => {
    const response = await fetch(`${web.origin}/api/extension/jobs/some-job`, {
      method: "OPTIONS",
      headers: {
        ...BROWSER,
        origin: EXTENSION_ORIGIN,
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });
});
