// The refresh lock on a real Redis: holders of one shop never overlap, other
// shops do not wait, a dead holder's key frees itself, a late holder never
// deletes its successor's key, and waiting too long is "unavailable".
import crypto from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { AdminApiError } from "./admin-client";
import { redisRefreshLock } from "./refresh-lock.server";

let redis: Redis;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis?.quit();
});

const fresh = () => `lock-test-${crypto.randomBytes(4).toString("hex")}`;

describe("redisRefreshLock", () => {
  it("runs one holder per shop at a time, across separate lock instances (processes), and shops apart in parallel", async () => {
    const prefix = fresh();
    const other = new Redis(inject("redisUrl"));
    const locks = [redisRefreshLock(redis, { prefix, pollMs: 5 }), redisRefreshLock(other, { prefix, pollMs: 5 })];
    let inside = 0;
    let most = 0;
    const spans: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        locks[i % 2].hold("a.myshopify.com", async () => {
          inside += 1;
          most = Math.max(most, inside);
          await sleep(20);
          inside -= 1;
          return i;
        }),
      ),
    );
    expect(most).toBe(1);

    let together = 0;
    let mostTogether = 0;
    await Promise.all(
      ["b", "c", "d"].map((name) =>
        locks[0].hold(`${name}.myshopify.com`, async () => {
          together += 1;
          mostTogether = Math.max(mostTogether, together);
          spans.push(name);
          await sleep(100);
          together -= 1;
        }),
      ),
    );
    expect(mostTogether).toBe(3);
    expect(spans.sort()).toEqual(["b", "c", "d"]);
    await other.quit();
  });

  it("a holder that died frees the shop when its key's time is up", async () => {
    const prefix = fresh();
    await redis.set(`${prefix}:shopify-token-refresh:dead.myshopify.com`, "a process that crashed", "PX", 300);
    const started = Date.now();
    await redisRefreshLock(redis, { prefix, pollMs: 10 }).hold("dead.myshopify.com", async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("a holder whose key expired mid-work does not delete the next holder's key", async () => {
    const prefix = fresh();
    const key = `${prefix}:shopify-token-refresh:slow.myshopify.com`;
    const shortLived = redisRefreshLock(redis, { prefix, ttlMs: 100, pollMs: 5 });
    const lock = redisRefreshLock(redis, { prefix, pollMs: 5 });
    let secondHolds!: () => void;
    const secondReleased = new Promise<void>((resolve) => (secondHolds = resolve));
    const first = shortLived.hold("slow.myshopify.com", () => sleep(250));
    await sleep(20);
    const second = lock.hold("slow.myshopify.com", async () => {
      await secondReleased;
    });
    await first;
    expect(await redis.get(key)).not.toBeNull();
    secondHolds();
    await second;
    expect(await redis.get(key)).toBeNull();
  });

  it("gives up waiting after waitMs with an unavailable AdminApiError, and the holder's work is untouched", async () => {
    const prefix = fresh();
    const lock = redisRefreshLock(redis, { prefix, waitMs: 150, pollMs: 10 });
    const holding = lock.hold("busy.myshopify.com", () => sleep(400).then(() => "done"));
    await sleep(10);
    const error = await lock.hold("busy.myshopify.com", async () => "never").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).toMatchObject({ kind: "unavailable" });
    await expect(holding).resolves.toBe("done");
  });
});
