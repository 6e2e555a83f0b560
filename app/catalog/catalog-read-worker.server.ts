// The worker side of catalog reads (catalog-reads.server.ts): each queue
// entry looks at one read and, while its bulk operation runs, waits as a
// delayed entry (no worker slot held); the finish webhook brings it forward.
// A periodic sweep gives every unfinished read an entry again, whatever
// happened to Redis.
import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { PipelineContext } from "~/pipeline/context.server";
import { catalogReadEntryId } from "~/queues/queues.server";
import { QUEUES, type CatalogReadPayload } from "~/queues/names";
import { followCatalogRead, unfinishedCatalogReads } from "./catalog-reads.server";

export interface CatalogReadWorkerOptions {
  /** How often a running bulk operation is checked when no webhook arrives. */
  pollMs: number;
  sweepEveryMs: number;
  concurrency?: number;
}

export function startCatalogReadWorker(ctx: PipelineContext, connection: Redis, options: CatalogReadWorkerOptions) {
  const worker = new Worker<CatalogReadPayload>(
    QUEUES.catalogReads,
    async (job, token) => {
      const outcome = await followCatalogRead(ctx, job.data.catalogReadId, options.pollMs);
      if (outcome.kind === "wait") {
        await job.moveToDelayed(Date.now() + outcome.ms, token);
        throw new DelayedError();
      }
    },
    { connection, prefix: ctx.queues.prefix, concurrency: options.concurrency ?? 2 },
  );
  const sweep = async () => {
    for (const id of await unfinishedCatalogReads(ctx)) {
      if (!(await ctx.queues.catalogReads.getJob(catalogReadEntryId(id)))) await ctx.queues.requestCatalogRead(id);
    }
  };
  const timer = setInterval(() => void sweep().catch(() => {}), options.sweepEveryMs);
  timer.unref();
  void sweep().catch(() => {});
  return {
    worker,
    stop() {
      clearInterval(timer);
    },
  };
}
