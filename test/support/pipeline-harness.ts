// Real Redis, a real database, the provider simulator and the app's callback
// handling, wired the way the worker and web processes wire them.
import crypto from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import type { Redis } from "ioredis";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { localClipStore } from "~/clips/local-clip-store.server";
import { startPipelineWorkers, type PipelineWorkerOptions, type PipelineWorkers } from "~/pipeline/workers.server";
import { emulatorAdminClients } from "../../dev/shopify-admin-emulator/app-admin-clients";
import type { AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { startProviderSimulator, type ProviderSimulator, type ProviderSimulatorOptions } from "../../dev/video-provider-simulator/server";
import { startCallbackServer, type CallbackServer } from "./callback-server";
import { createTestDatabase, type TestDatabase } from "./database";
import { startCatalogReadWorker } from "~/catalog/catalog-read-worker.server";

export const SIMULATOR_KEY = "sim-key-for-tests";

export interface HarnessOptions {
  globalCap: number;
  shops: { shop: string; concurrencyCap: number; autoPublish?: boolean; monthlyCreditBudget?: number }[];
  simulator?: ProviderSimulatorOptions;
  renderPollAfterMs?: number;
  renderTimeoutMs?: number;
  /** A Redis of the test's own (to restart or flush it); the suite's shared one otherwise. */
  redisUrl?: string;
  adminFor?: PipelineContext["adminFor"];
  /** Shopify for the shops' offline sessions: the app's own Admin clients, pointed at this emulator. */
  adminEmulator?: AdminEmulator;
  /** Anything else of the pipeline's surroundings a test varies (another clip store, a retention period). */
  context?: Partial<PipelineContext>;
}

export interface PipelineHarness {
  t: TestDatabase;
  ctx: PipelineContext;
  simulator: ProviderSimulator;
  callbacks: CallbackServer;
  redisUrl: string;
  prefix: string;
  /** The folder of the local clip store (a worker process is given it too). */
  clipDir: string;
  startWorkers(options?: Partial<PipelineWorkerOptions>): Promise<PipelineWorkers>;
  stop(): Promise<void>;
}

export async function startPipelineHarness(options: HarnessOptions): Promise<PipelineHarness> {
  const t = await createTestDatabase();
  const redisUrl = options.redisUrl ?? inject("redisUrl");
  const prefix = `t${crypto.randomBytes(4).toString("hex")}`;
  const connection = workerConnection(redisUrl);
  const queues = createPipelineQueues(connection, prefix);
  const simulator = await startProviderSimulator({ apiKey: SIMULATOR_KEY, renderTimeMs: { min: 50, max: 150 }, ...options.simulator });
  const clipDir = await fs.mkdtemp(path.join(os.tmpdir(), "catalog-motion-clips-"));
  const ctx: PipelineContext = {
    db: t.db,
    queues,
    globalCap: options.globalCap,
    renderPollAfterMs: options.renderPollAfterMs ?? 1_500,
    // Long enough that a loaded CI machine never times a render out by accident.
    renderTimeoutMs: options.renderTimeoutMs ?? 600_000,
    settleMs: 1_000,
    adminFor: options.adminEmulator
      ? emulatorAdminClients(options.adminEmulator, t.db, connection, { lockPrefix: `${prefix}-refresh` })
      : (options.adminFor ?? (async () => null)),
    callbackOrigin: "",
    providerBaseUrls: { creativeai: simulator.url, json2video: simulator.url },
    operatorKeys: { creativeai: SIMULATOR_KEY, json2video: SIMULATOR_KEY },
    // Finished clips are copied from the simulator into a folder of the test's own.
    clipSourceDevOrigins: [simulator.url],
    clipStore: localClipStore(clipDir),
    ...options.context,
  };
  const callbacks = await startCallbackServer(ctx);
  for (const s of options.shops) {
    await t.db.shopSettings.create({
      data: {
        shop: s.shop,
        concurrencyCap: s.concurrencyCap,
        autoPublish: s.autoPublish ?? false,
        monthlyCreditBudget: s.monthlyCreditBudget ?? 1_000_000,
      },
    });
  }
  const started: PipelineWorkers[] = [];
  const extraConnections: Redis[] = [];
  return {
    t,
    ctx,
    simulator,
    callbacks,
    redisUrl,
    prefix,
    clipDir,
    async startWorkers(extra = {}) {
      const own = workerConnection(redisUrl);
      extraConnections.push(own);
      const workers = await startPipelineWorkers(ctx, own, {
        submitConcurrency: 20,
        publishConcurrency: 5,
        // Hundreds of clips per test: each check mostly waits on ffmpeg and the photo's host.
        clipCheckConcurrency: 8,
        reconcileEveryMs: 500,
        dispatchEveryMs: 200,
        catalogReads: startCatalogReadWorker,
        ...extra,
      });
      started.push(workers);
      return workers;
    },
    async stop() {
      await Promise.all(started.map((w) => w.close()));
      await queues.close();
      await Promise.all([...extraConnections, connection].map((c) => c.quit().catch(() => {})));
      await callbacks.stop();
      await simulator.stop();
      await t.drop();
      await fs.rm(clipDir, { recursive: true, force: true });
    },
  };
}

export async function waitFor<T>(
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, everyMs = 100, what = "condition" } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** How many times the provider accepted a render of each image (each test job has its own image). */
export function acceptedPerImage(simulator: ProviderSimulator): Map<string, number> {
  const accepted = new Map<string, number>();
  for (const s of simulator.state.submissions) {
    const image = (s.body as { image_url?: string }).image_url;
    if (s.generationId && image) accepted.set(image, (accepted.get(image) ?? 0) + 1);
  }
  return accepted;
}
