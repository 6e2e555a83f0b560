// One token refresh per shop at a time, across every web and worker process:
// Shopify replaces the refresh token each time it is used, so two refreshes
// of the same shop at once leave one process with a token that no longer
// works. A Redis key set with NX and a per-holder value is the lock; it
// expires on its own (PX) if its holder dies, and only its holder deletes it.
// See docs/decisions/005-one-token-refresh-per-shop.md.
import crypto from "node:crypto";
import type { Redis } from "ioredis";
import { AdminApiError } from "./admin-client";

export interface RefreshLock {
  /** Runs `work` while no other process runs work for the same shop. */
  hold<T>(shop: string, work: () => Promise<T>): Promise<T>;
}

export interface RedisRefreshLockOptions {
  /** Key prefix, so apps (or test runs) sharing a Redis keep apart (the queue prefix). */
  prefix?: string;
  /** Longer than a refresh can take (the library's call to Shopify): a live holder never loses it. */
  ttlMs?: number;
  /** How long a caller waits for another process's refresh before giving up. */
  waitMs?: number;
  pollMs?: number;
}

/** Deletes the key only while it still holds this holder's value. */
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`;

export function redisRefreshLock(redis: Redis, options: RedisRefreshLockOptions = {}): RefreshLock {
  const ttlMs = options.ttlMs ?? 60_000;
  const waitMs = options.waitMs ?? 90_000;
  const pollMs = options.pollMs ?? 50;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

  return {
    async hold(shop, work) {
      const key = `${options.prefix ?? "catalog-motion"}:shopify-token-refresh:${shop}`;
      const holder = crypto.randomUUID();
      const deadline = Date.now() + waitMs;
      for (;;) {
        let acquired: string | null;
        try {
          acquired = await redis.set(key, holder, "PX", ttlMs, "NX");
        } catch (error) {
          throw new AdminApiError(
            "unavailable",
            `The shop's access token could not be renewed: Redis is unreachable (${(error as Error).message})`,
          );
        }
        if (acquired === "OK") break;
        if (Date.now() >= deadline) {
          throw new AdminApiError(
            "unavailable",
            `Another process has been renewing ${shop}'s access token for over ${Math.round(waitMs / 1000)} s`,
          );
        }
        await sleep(pollMs);
      }
      try {
        return await work();
      } finally {
        await redis.eval(RELEASE, 1, key, holder).catch(() => undefined);
      }
    },
  };
}
