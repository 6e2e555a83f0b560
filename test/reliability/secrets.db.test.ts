// Secrets never leave where they belong: after a full run with a shop's own
// provider key and an offline access token, neither appears in the worker's
// logs, in any Redis key or value, or in plain text in the database.
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { encryptSecret, secretHint } from "~/security/secret-box.server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";
import { startWorkerProcess, stopAllWorkerProcesses } from "../support/worker-process";

const shop = "secrets.myshopify.com";
const providerKey = "rph_live_SECRET_provider_key_4d1f9a";
const accessToken = "shpat_SECRET_access_token_77aa01";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [],
    simulator: { apiKey: providerKey, seed: 21, faults: { failRate: 0.2, submit5xxRate: 0.1 } },
  });
  // The shop brings its own key (no operator key), stored encrypted as Settings stores it.
  h.ctx.operatorKeys = {};
  await h.t.db.shopSettings.create({
    data: {
      shop,
      concurrencyCap: 4,
      autoPublish: false,
      providerApiKey: encryptSecret(providerKey),
      providerKeyHint: secretHint(providerKey),
    },
  });
  await h.t.db.session.create({ data: { id: `offline_${shop}`, shop, state: "s", isOnline: false, accessToken } });
});
afterAll(async () => {
  await stopAllWorkerProcesses();
  await h?.stop();
});

it("keeps the provider key and the access token out of logs, Redis and plain-text storage", async () => {
  const worker = startWorkerProcess({
    DATABASE_URL: h.t.url,
    REDIS_URL: h.redisUrl,
    QUEUE_PREFIX: h.prefix,
    CREATIVEAI_BASE_URL: h.simulator.url,
    PUBLIC_CALLBACK_ORIGIN: h.callbacks.origin,
    RENDER_GLOBAL_CAP: "4",
    LOG_LEVEL: "debug",
  });
  await worker.ready;
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: "secrets",
    items: demoItems(12, "secret"),
    options: { model: "kling-v3", duration: 5, aspectRatio: "16:9", prompt: "Orbit" },
  });
  await waitFor(
    async () =>
      (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: { in: ["queued", "submitting", "rendering"] } } })) === 0,
    { what: "the batch", timeoutMs: 90_000 },
  );
  expect(h.simulator.state.counters.accepted).toBeGreaterThan(0); // the key really was used

  const logs = worker.output();
  expect(logs.length).toBeGreaterThan(0);
  expect(logs).not.toContain(providerKey);
  expect(logs).not.toContain(accessToken);

  const redis = new Redis(h.redisUrl);
  try {
    const keys = await redis.keys(`${h.prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(providerKey);
      const type = await redis.type(key);
      const dump =
        type === "string"
          ? await redis.get(key)
          : type === "hash"
            ? JSON.stringify(await redis.hgetall(key))
            : type === "list"
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : type === "zset"
                ? JSON.stringify(await redis.zrange(key, 0, -1))
                : type === "set"
                  ? JSON.stringify(await redis.smembers(key))
                  : type === "stream"
                    ? JSON.stringify(await redis.xrange(key, "-", "+"))
                    : "";
      expect(dump ?? "").not.toContain(providerKey);
      expect(dump ?? "").not.toContain(accessToken);
    }
  } finally {
    redis.disconnect();
  }

  const settings = await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop } });
  expect(settings.providerApiKey).not.toContain(providerKey);
  expect(settings.providerKeyHint).toBe(`••••${providerKey.slice(-4)}`);
  const rows =
    JSON.stringify(await h.t.db.videoJob.findMany({ where: { shop } })) +
    JSON.stringify(await h.t.db.jobEvent.findMany({ where: { shop } }));
  expect(rows).not.toContain(providerKey);
  expect(rows).not.toContain(accessToken);
}, 120_000);
