// The emulated Shopify admin, served by the Admin API emulator:
//   GET  /store/<store>/apps/<handle>/<path>  the admin page holding the app's
//        <path> in an iframe, opened the way admin opens an embedded app:
//        embedded=1, hmac, host, id_token, locale, session, shop and timestamp
//        in the app URL's query (host: base64 of admin.shopify.com/store/<store>);
//   POST /admin-frame/session-token?shop=<shop>  a fresh session token for
//        the admin page to hand to the app;
//   GET  /shopifycloud/app-bridge.js  the App Bridge stand-in (the CDN's path);
//   GET  /admin-frame/admin-frame.js  the admin page's own script.
import crypto from "node:crypto";
import type http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { sendJson } from "../../shared/http-io";
import type { Catalog } from "../catalog";
import type { EmulatedApp } from "../oauth";
import { signSessionToken } from "../session-tokens";
import { adminPageHtml } from "./page";

/** Where and how the emulated admin opens the app. */
export interface AdminFrameOptions {
  /** The app's URL (application_url in shopify.app.toml). */
  appUrl: string;
  /** The app's handle in admin addresses (default catalog-motion, as in shopify.app.toml). */
  handle?: string;
  /** Shown in the admin page's sidebar (default Catalog Motion). */
  appName?: string;
}

export const APP_BRIDGE_PATH = "/shopifycloud/app-bridge.js";
const FRAME_SCRIPT_PATH = "/admin-frame/admin-frame.js";
const TOKEN_PATH = "/admin-frame/session-token";
const ADMIN_PAGE = /^\/store\/([a-z0-9][a-z0-9-]*)\/apps\/([a-z0-9-]+)(\/.*)?$/;

const here = path.dirname(fileURLToPath(import.meta.url));
const scripts = new Map<string, Promise<string>>();

/** The browser scripts, compiled from TypeScript once per process. */
function browserScript(name: "app-bridge-stand-in" | "admin-frame"): Promise<string> {
  let compiled = scripts.get(name);
  if (!compiled) {
    compiled = build({
      entryPoints: [path.join(here, "browser", `${name}.ts`)],
      bundle: true,
      format: "iife",
      target: "es2022",
      write: false,
      logLevel: "silent",
    }).then((result) => result.outputFiles[0].text);
    scripts.set(name, compiled);
  }
  return compiled;
}

function sendText(response: http.ServerResponse, status: number, type: string, text: string) {
  response.writeHead(status, { "content-type": type, "content-length": String(Buffer.byteLength(text)), "cache-control": "no-store" });
  response.end(text);
}

/** Shopify signs admin's query to the app the way it signs an OAuth redirect: HMAC-SHA256 over the sorted parameters. */
function signedQuery(parameters: Record<string, string>, secret: string): URLSearchParams {
  const byName = ([a]: [string, string], [b]: [string, string]) => a.localeCompare(b);
  const signed = new URLSearchParams(Object.entries(parameters).sort(byName)).toString();
  return new URLSearchParams(
    Object.entries({ ...parameters, hmac: crypto.createHmac("sha256", secret).update(signed).digest("hex") }).sort(byName),
  );
}

export function isAdminFramePath(pathname: string): boolean {
  return pathname === APP_BRIDGE_PATH || pathname === FRAME_SCRIPT_PATH || pathname === TOKEN_PATH || ADMIN_PAGE.test(pathname);
}

export async function handleAdminFrame(
  context: { catalog: Catalog; app: EmulatedApp | undefined; frame: AdminFrameOptions | undefined; baseUrl: string },
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
): Promise<void> {
  const { pathname } = url;
  if (request.method === "GET" && pathname === APP_BRIDGE_PATH)
    return sendText(response, 200, "text/javascript", await browserScript("app-bridge-stand-in"));
  if (request.method === "GET" && pathname === FRAME_SCRIPT_PATH)
    return sendText(response, 200, "text/javascript", await browserScript("admin-frame"));

  const { app, frame } = context;
  if (!app || !frame)
    return sendJson(response, 404, {
      errors:
        "The emulator was started without the app (its API key and secret) or the admin frame (the app's URL), so it has no admin for it",
    });
  const handle = frame.handle ?? "catalog-motion";

  if (pathname === TOKEN_PATH) {
    if (request.method !== "POST") return sendJson(response, 405, { errors: "Use POST" }, { allow: "POST" });
    const shop = url.searchParams.get("shop") ?? "";
    if (!context.catalog.shops.has(shop)) return sendJson(response, 404, { errors: `Unknown shop ${shop}` });
    return sendJson(response, 200, { token: await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret }) });
  }

  const match = ADMIN_PAGE.exec(pathname);
  if (!match || request.method !== "GET") return sendJson(response, 404, { errors: "Not Found" });
  const [, store, appHandle, appPath = "/"] = match;
  const shop = `${store}.myshopify.com`;
  const record = context.catalog.shops.get(shop);
  if (!record || appHandle !== handle)
    return sendText(response, 404, "text/plain; charset=utf-8", `No app "${appHandle}" is installed on ${shop}`);

  const iframeSrc = await appUrlAsAdminOpensIt({ app, frame, shop, appPath, query: url.searchParams });
  const appUrl = new URL(frame.appUrl);
  sendText(
    response,
    200,
    "text/html; charset=utf-8",
    adminPageHtml({
      shopName: record.name,
      appName: frame.appName ?? "Catalog Motion",
      appOrigin: appUrl.origin,
      framePath: `/store/${store}/apps/${handle}`,
      tokenUrl: `${context.baseUrl}${TOKEN_PATH}?shop=${encodeURIComponent(shop)}`,
      iframeSrc,
      scriptUrl: `${context.baseUrl}${FRAME_SCRIPT_PATH}`,
    }),
  );
}

/**
 * The app's URL for one of its pages as admin opens it in the iframe: the
 * page's own query plus embedded, hmac, host, id_token (a fresh session
 * token), locale, session, shop and timestamp.
 */
export async function appUrlAsAdminOpensIt(input: {
  app: EmulatedApp;
  frame: AdminFrameOptions;
  shop: string;
  appPath: string;
  query?: URLSearchParams;
}): Promise<string> {
  const { app, frame, shop } = input;
  const store = shop.replace(/\.myshopify\.com$/, "");
  const query = signedQuery(
    {
      ...Object.fromEntries(input.query ?? []),
      embedded: "1",
      host: Buffer.from(`admin.shopify.com/store/${store}`).toString("base64"),
      id_token: await signSessionToken({ shop, apiKey: app.apiKey, apiSecret: app.apiSecret }),
      locale: "en",
      session: crypto.randomBytes(32).toString("hex"),
      shop,
      timestamp: String(Math.floor(Date.now() / 1000)),
    },
    app.apiSecret,
  );
  const appUrl = new URL(frame.appUrl);
  return new URL(`${appUrl.pathname.replace(/\/$/, "")}${input.appPath}?${query}`, appUrl.origin).toString();
}

/** The admin address of one of the app's pages, e.g. adminFrameUrl(emulator.url, shop, "/app/settings"). */
export function adminFrameUrl(emulatorUrl: string, shop: string, appPath = "/app", handle = "catalog-motion"): string {
  return `${emulatorUrl}/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${handle}${appPath}`;
}
