// The app's Admin clients pointed at this emulator, for tests and benchmarks:
// the library's session storage over the given database, the refresh lock on
// the given Redis, and the Shopify library configured with the emulated app's
// credentials, its HTTP sent to the emulator as the sandbox sends it.
import { LogSeverity, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Redis } from "ioredis";
import type { Database } from "../../app/db.server";
import { APP_SCOPES } from "../../app/config/access-scopes";
import { LIBRARY_API_VERSION } from "../../app/shopify-admin/library-api-version.server";
import { adminClients, type AdminClientsDeps, type AdminFor } from "../../app/shopify-admin/admin-clients.server";
import { redisRefreshLock } from "../../app/shopify-admin/refresh-lock.server";
import { sendShopifyLibraryTo } from "../../app/shopify-admin/shopify-origin.server";
import type { AdminEmulator } from "./server";

export function emulatorAdminClients(
  emulator: AdminEmulator,
  db: Database,
  redis: Redis,
  options: { lockPrefix?: string; gateway?: AdminClientsDeps["gateway"]; sessionStorage?: AdminClientsDeps["sessionStorage"] } = {},
): AdminFor {
  sendShopifyLibraryTo(emulator.url);
  const app = emulator.app ?? { apiKey: "emulator-app-key", apiSecret: "emulator-app-secret" };
  const api = shopifyApi({
    apiKey: app.apiKey,
    apiSecretKey: app.apiSecret,
    apiVersion: LIBRARY_API_VERSION,
    scopes: (app.scopes ?? APP_SCOPES).split(","),
    hostName: "app.example.com",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
  return adminClients({
    api,
    sessionStorage: options.sessionStorage ?? new PrismaSessionStorage(db),
    lock: redisRefreshLock(redis, { prefix: options.lockPrefix ?? `emulator-${emulator.port}` }),
    apiOrigin: emulator.url,
    gateway: options.gateway,
  });
}
