// `npm run worker`: a worker process, separate from the web server. Run as
// many as the catalog needs; they share one Redis and one database, and the
// concurrency caps hold across all of them.
import { env } from "~/config/env.server";
import { database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { pipelineContextFromEnv } from "~/pipeline/context.server";
import { startPipelineWorkers } from "~/pipeline/workers.server";
import { publishVideoJob } from "~/publishing/publish.server";
import { startUsageChargeWorker } from "~/billing/charge-worker.server";
import { startCatalogReadWorker } from "~/catalog/catalog-read-worker.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";

async function main() {
  const config = env();
  if (!config.REDIS_URL) throw new Error("REDIS_URL is not set: the worker needs Redis (see README, Configuration)");
  const db = database();
  await db.$queryRawUnsafe("SELECT 1");
  const connection = workerConnection(config.REDIS_URL);
  await connection.ping();
  const queues = createPipelineQueues(connection, config.QUEUE_PREFIX);
  // Imported once the environment has parsed: the Shopify app module reads it on import.
  const { appAdminClients } = await import("~/shopify-admin/app-admin-clients.server");
  const ctx = pipelineContextFromEnv(config, db, queues, appAdminClients(connection, config));
  const running = await startPipelineWorkers(ctx, connection, {
    submitConcurrency: config.WORKER_SUBMIT_CONCURRENCY,
    publishConcurrency: config.WORKER_PUBLISH_CONCURRENCY,
    clipCheckConcurrency: config.WORKER_CLIP_CHECK_CONCURRENCY,
    reconcileEveryMs: config.RECONCILE_EVERY_SECONDS * 1000,
    publish: publishVideoJob,
    usageCharges: startUsageChargeWorker,
    catalogReads: startCatalogReadWorker,
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "worker stopping: finishing running jobs");
    const force = setTimeout(() => {
      logger.error("worker did not stop within 25 s; exiting");
      process.exit(1);
    }, 25_000);
    await running.close();
    await queues.close();
    await connection.quit().catch(() => {});
    await db.$disconnect();
    clearTimeout(force);
    logger.info("worker stopped");
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  logger.info({ pid: process.pid, globalCap: ctx.globalCap }, "worker ready");
}

main().catch((error) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "worker failed to start");
  process.exit(1);
});
