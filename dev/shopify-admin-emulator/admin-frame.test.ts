// The emulated admin page as admin opens an embedded app: the iframe's URL
// carries Shopify's query (a session token the app's secret verifies, the
// base64 host, an HMAC over the rest), the admin page gets fresh tokens for
// the App Bridge stand-in, and the stand-in script is served at the CDN's path.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminFrameUrl, APP_BRIDGE_PATH } from "./admin-frame/routes";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { verifySessionToken } from "./session-tokens";
import { firstShop } from "./test-support";

const app = { apiKey: "frame-test-key", apiSecret: "frame-test-secret" };
const APP_URL = "https://catalog-motion.test";

let emulator: AdminEmulator;
let shop: string;

beforeAll(async () => {
  emulator = await startAdminEmulator({ seed: 7, app, adminFrame: { appUrl: APP_URL } });
  shop = firstShop(emulator).domain;
});
afterAll(async () => {
  await emulator?.stop();
});

async function iframeSrcOf(appPath: string): Promise<URL> {
  const response = await fetch(adminFrameUrl(emulator.url, shop, appPath));
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
  const src = /<iframe name="app-iframe" title="Catalog Motion" src="([^"]+)"/.exec(await response.text())?.[1];
  expect(src, "the admin page holds the app in an iframe").toBeDefined();
  return new URL(src!.replaceAll("&amp;", "&"));
}

describe("the emulated admin page", () => {
  it("opens the app's page with the query admin sends, the id_token signed with the app's secret", async () => {
    const src = await iframeSrcOf("/app/batches/b1?tab=failed");
    expect(`${src.origin}${src.pathname}`).toBe(`${APP_URL}/app/batches/b1`);
    expect([...src.searchParams.keys()]).toEqual(["embedded", "hmac", "host", "id_token", "locale", "session", "shop", "tab", "timestamp"]);
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(shop);
    expect(src.searchParams.get("tab")).toBe("failed");
    expect(Buffer.from(src.searchParams.get("host")!, "base64").toString()).toBe(
      `admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`,
    );
    expect(await verifySessionToken(src.searchParams.get("id_token")!, app)).toEqual({ shop, userId: "1" });
    expect(await verifySessionToken(src.searchParams.get("id_token")!, { ...app, apiSecret: "another-secret" })).toBeNull();

    const rest = new URLSearchParams([...src.searchParams].filter(([name]) => name !== "hmac"));
    const hmac = crypto.createHmac("sha256", app.apiSecret).update(rest.toString()).digest("hex");
    expect(src.searchParams.get("hmac")).toBe(hmac);
  });

  it("refuses a shop it does not hold and an app that is not installed", async () => {
    expect((await fetch(`${emulator.url}/store/nobody-here/apps/catalog-motion/app`)).status).toBe(404);
    expect((await fetch(adminFrameUrl(emulator.url, shop, "/app", "another-app"))).status).toBe(404);
  });

  it("gives the admin page a fresh session token for the shop, by POST only", async () => {
    const tokenUrl = `${emulator.url}/admin-frame/session-token?shop=${shop}`;
    const response = await fetch(tokenUrl, { method: "POST" });
    expect(response.status).toBe(200);
    const { token } = (await response.json()) as { token: string };
    expect(await verifySessionToken(token, app)).toEqual({ shop, userId: "1" });
    expect((await fetch(tokenUrl)).status).toBe(405);
    expect((await fetch(`${emulator.url}/admin-frame/session-token?shop=nobody-here.myshopify.com`, { method: "POST" })).status).toBe(404);
  });

  it("serves the App Bridge stand-in and the page's script as JavaScript", async () => {
    for (const scriptPath of [APP_BRIDGE_PATH, "/admin-frame/admin-frame.js"]) {
      const response = await fetch(`${emulator.url}${scriptPath}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/javascript");
      const script = await response.text();
      expect(() => new Function(script), `${scriptPath} parses`).not.toThrow();
    }
    expect(await (await fetch(`${emulator.url}${APP_BRIDGE_PATH}`)).text()).toContain('Object.defineProperty(window, "shopify"');
  });

  it("has no admin page without the app's credentials and URL", async () => {
    const bare = await startAdminEmulator({ seed: 7 });
    try {
      expect((await fetch(adminFrameUrl(bare.url, firstShop(bare).domain))).status).toBe(404);
      expect((await fetch(`${bare.url}/admin-frame/session-token?shop=${firstShop(bare).domain}`, { method: "POST" })).status).toBe(404);
    } finally {
      await bare.stop();
    }
  });
});
