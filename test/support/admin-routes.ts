// The admin pages' loaders and actions, called the way Remix calls them inside
// Shopify admin (a real Request carrying admin's session token, as App
// Bridge's fetch sends it, and params), through authenticate.admin: a test
// database with the shop's offline session stored by the library's
// PrismaSessionStorage, the app's own Admin gateway pointed at the Admin API
// emulator (the real schema, cost limits and all), and real queues on the
// suite's Redis. Route modules must be imported (dynamically) after
// startAdminRoutes, because the Shopify app module binds the database on import.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { inject } from "vitest";
import { localClipStore } from "~/clips/local-clip-store.server";
import { resetEnvForTests } from "~/config/env.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { APP_SCOPES } from "~/config/access-scopes";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { createTestDatabase, type TestDatabase } from "./database";

export const SHOP = "catalog-motion-demo.myshopify.com";
export const OTHER_SHOP = "someone-else.myshopify.com";

export interface AdminRoutes {
  t: TestDatabase;
  ctx: PipelineContext;
  catalog: Catalog;
  emulator: AdminEmulator;
  stop(): Promise<void>;
}

export const APP = { apiKey: "admin-routes-api-key", apiSecret: "admin-routes-api-secret" } as const;
const ORIGIN = "http://localhost:3000";

export async function startAdminRoutes(): Promise<AdminRoutes> {
  process.env.CATALOG_MOTION_SANDBOX = "0";
  process.env.SHOPIFY_API_KEY = APP.apiKey;
  process.env.SHOPIFY_API_SECRET = APP.apiSecret;
  process.env.SHOPIFY_APP_URL = ORIGIN;
  resetEnvForTests();
  const t = await createTestDatabase();
  const catalog = new Catalog();
  const token = `shpat_${crypto.randomBytes(16).toString("hex")}`;
  catalog.addShop({ domain: SHOP, accessToken: token, name: "Catalog Motion Demo" });
  catalog.addShop({ domain: OTHER_SHOP, accessToken: `shpat_${crypto.randomBytes(16).toString("hex")}` });
  const emulator = await startAdminEmulator({ catalog, seed: 7, throttle: { maximumAvailable: 1_000_000, restoreRate: 1_000_000 } });
  await new PrismaSessionStorage(t.db).storeSession(
    new Session({ id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: token, scope: APP_SCOPES }),
  );

  const connection = workerConnection(inject("redisUrl"));
  const queues = createPipelineQueues(connection, `t${crypto.randomBytes(4).toString("hex")}`);
  const ctx: PipelineContext = {
    db: t.db,
    queues,
    globalCap: 4,
    renderPollAfterMs: 60_000,
    renderTimeoutMs: 600_000,
    callbackOrigin: "http://127.0.0.1:9",
    providerBaseUrls: {},
    operatorKeys: {},
    adminFor: emulatorAdminClients(emulator, t.db, connection),
    clipStore: localClipStore(path.join(os.tmpdir(), `admin-routes-clips-${crypto.randomBytes(4).toString("hex")}`)),
  };
  global.__catalogMotionDb = t.db;
  global.__catalogMotionPipeline = ctx;

  return {
    t,
    ctx,
    catalog,
    emulator,
    async stop() {
      global.__catalogMotionPipeline = undefined;
      global.__catalogMotionDb = undefined;
      await queues.close();
      await connection.quit().catch(() => {});
      await emulator.stop();
      await t.drop();
    },
  };
}

type RouteFunction = (args: { request: Request; params: Record<string, string>; context: Record<string, unknown> }) => unknown;

/**
 * A loader or action's answer; a thrown Response (404, redirect) is returned,
 * not thrown. The request carries a fresh session token of `as` (default SHOP)
 * unless it already has an Authorization header or `as` is null.
 */
export async function call(
  fn: RouteFunction,
  request: Request,
  params: Record<string, string> = {},
  as: string | null = SHOP,
): Promise<Response> {
  try {
    const result = await fn({
      request: as && !request.headers.has("authorization") ? await signedIn(request, as) : request,
      params,
      context: {},
    });
    if (!(result instanceof Response)) throw new Error("Route functions in this app answer with a Response");
    return result;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** The request as App Bridge's fetch sends it from inside admin: with `Authorization: Bearer <session token>`. */
export async function signedIn(request: Request, shop: string): Promise<Request> {
  const headers = new Headers(request.headers);
  headers.set("authorization", `Bearer ${await signSessionToken({ shop, ...APP })}`);
  return new Request(request, { headers });
}

export function get(path: string): Request {
  return new Request(`${ORIGIN}${path}`);
}

export function postForm(path: string, fields: Record<string, string | string[]>): Request {
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) form.append(name, v);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: form });
}

export function postMultipart(path: string, form: FormData): Request {
  return new Request(`${ORIGIN}${path}`, { method: "POST", body: form });
}

export async function loaderData<T>(fn: RouteFunction, path: string, params: Record<string, string> = {}): Promise<T> {
  const response = await call(fn, get(path), params);
  if (response.status !== 200) throw new Error(`Expected 200 from ${path}, got ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
