// A running pipeline for scenarios 3 and 4: a database, the provider
// simulator (in this process, so its state can be read directly), the built
// web app receiving the simulator's callbacks, and real worker processes.
import type { Redis } from "ioredis";
import { createBatch } from "~/pipeline/batches.server";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues, type PipelineQueues } from "~/queues/queues.server";
import { startProviderSimulator, type ProviderSimulator } from "../../dev/video-provider-simulator/server";
import type { ScenarioContext } from "../registry";
import type { BenchDatabase } from "./database";
import { BENCH_API_KEY, batchItems, RENDER_OPTIONS } from "./seed";
import type { WebApp } from "./web-app";
import { startWorkers, type WorkerPool } from "./workers";

export interface LivePipeline {
  bdb: BenchDatabase;
  simulator: ProviderSimulator;
  app: WebApp;
  queues: PipelineQueues;
  /** Starts `count` worker processes with the pipeline's environment. */
  startWorkers(count: number): Promise<WorkerPool>;
  /** createBatch for one shop, with real queues: what a merchant's request does. */
  request(shop: string, count: number, offset?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startLivePipeline(
  ctx: ScenarioContext,
  options: {
    label: string;
    globalCap: number;
    /** Before timeScale: the simulator's render times are scaled down by it (1: as given). */
    renderTimeMs: { min: number; max: number };
    timeScale?: number;
  },
): Promise<LivePipeline> {
  const bdb = await ctx.databases.create(options.label);
  const prefix = ctx.queuePrefix(options.label);
  let simulator: ProviderSimulator | null = null;
  let app: WebApp | null = null;
  let connection: Redis | null = null;
  const pools: WorkerPool[] = [];
  try {
    simulator = await startProviderSimulator({
      apiKey: BENCH_API_KEY,
      renderTimeMs: options.renderTimeMs,
      timeScale: options.timeScale,
      seed: 7,
    });
    const shared = {
      DATABASE_URL: bdb.url,
      REDIS_URL: ctx.redisUrl,
      QUEUE_PREFIX: prefix,
      CREATIVEAI_API_KEY: BENCH_API_KEY,
      CREATIVEAI_BASE_URL: simulator.url,
    };
    app = await ctx.startWebApp(shared);
    const ready = producerConnection(ctx.redisUrl);
    connection = ready;
    ready.on("error", () => {});
    // No offline queue on a producer connection: wait until it can take commands.
    if (ready.status !== "ready") await new Promise((resolve) => ready.once("ready", resolve));
    const queues = createPipelineQueues(ready, prefix);
    // The bench measures renders up to "checking" (the render finished): its workers leave clip checks,
    // which run ffmpeg and are measured apart (scenario 8), to nobody.
    const workerEnv = {
      ...shared,
      PUBLIC_CALLBACK_ORIGIN: app.origin,
      RENDER_GLOBAL_CAP: String(options.globalCap),
      WORKER_CLIP_CHECK_CONCURRENCY: "0",
    };
    const live: LivePipeline = {
      bdb,
      simulator,
      app,
      queues,
      async startWorkers(count) {
        const pool = await startWorkers(count, workerEnv);
        pools.push(pool);
        return pool;
      },
      async request(shop, count, offset = 0) {
        await createBatch(bdb.db, queues, {
          shop,
          source: "csv",
          title: `${shop} x${count}`,
          items: batchItems(count, offset),
          options: RENDER_OPTIONS,
        });
      },
      async stop() {
        await Promise.all(pools.map((p) => p.stop()));
        await queues.close().catch(() => {});
        await ready.quit().catch(() => {});
        await app?.stop();
        await simulator?.stop();
        await bdb.drop();
      },
    };
    return live;
  } catch (error) {
    await Promise.all(pools.map((p) => p.stop()));
    await connection?.quit().catch(() => {});
    await app?.stop();
    await simulator?.stop();
    await bdb.drop();
    throw error;
  }
}
