// The app's Admin clients as web and worker processes build them: the Shopify
// library's session storage and API instance from ~/shopify.server, the
// refresh lock on the processes' shared Redis.
import type { Redis } from "ioredis";
import type { AppEnv } from "~/config/env.server";
import shopify, { shopifyOfflineApi } from "~/shopify.server";
import { adminClients, type AdminFor } from "./admin-clients.server";
import { redisRefreshLock } from "./refresh-lock.server";

export function appAdminClients(redis: Redis, config: AppEnv): AdminFor {
  return adminClients({
    api: shopifyOfflineApi,
    sessionStorage: shopify.sessionStorage,
    lock: redisRefreshLock(redis, { prefix: config.QUEUE_PREFIX }),
    apiOrigin: config.SHOPIFY_ADMIN_API_ORIGIN,
  });
}
