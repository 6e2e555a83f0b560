// The BullMQ workers of one worker process: dispatch, submit, clip checks, publish, shop
// tasks and the periodic reconciler. Every processor re-reads the database; the queues carry ids.
import { DelayedError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/logging/logger.server";
import { takeClip } from "~/clips/take-clip.server";
import { QUEUES, type ClipCheckPayload, type PublishPayload, type SubmitPayload } from "~/queues/names";
import { startShopTaskWorker } from "~/shop-lifecycle/shop-task-worker.server";
import type { startUsageChargeWorker } from "~/billing/charge-worker.server";
import type { startCatalogReadWorker } from "~/catalog/catalog-read-worker.server";
import type { PipelineContext } from "./context.server";
import { dispatchRound } from "./dispatch.server";
import { reconcile } from "./reconcile.server";
import { ProviderBusyError, submitVideoJob } from "./submit.server";

export interface PipelineWorkerOptions {
  submitConcurrency: number;
  publishConcurrency: number;
  /** Clips copied and checked at once by this process (each runs ffmpeg); 0 for none. */
  clipCheckConcurrency?: number;
  reconcileEveryMs: number;
  /** How often each process asks for a dispatch round even when nothing asked. */
  dispatchEveryMs?: number;
  /** The publishing step, supplied by the publishing module. */
  publish?: (ctx: PipelineContext, videoJobId: string, job: Job<PublishPayload>) => Promise<void>;
  /** Published clips' usage charges and their sweep, supplied by the billing module. */
  usageCharges?: typeof startUsageChargeWorker;
  /** Big catalog reads (bulk operations into preparing batches), supplied by the catalog module. */
  catalogReads?: typeof startCatalogReadWorker;
  /** How often a catalog read's running bulk operation is checked when its finish webhook is late (default 5 s). */
  catalogReadPollMs?: number;
}

export interface PipelineWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

export async function startPipelineWorkers(
  ctx: PipelineContext,
  connection: Redis,
  options: PipelineWorkerOptions,
): Promise<PipelineWorkers> {
  const base = { connection, prefix: ctx.queues.prefix };

  // One dispatch round at a time across every process.
  await ctx.queues.dispatch.setGlobalConcurrency(1);
  const dispatcher = new Worker(
    QUEUES.dispatch,
    async () => {
      let rounds = 0;
      do {
        await ctx.queues.takeDispatchRequest();
        await dispatchRound(ctx);
        rounds += 1;
      } while ((await ctx.queues.dispatchRequested()) && rounds < 50);
    },
    {
      ...base,
      concurrency: 1,
      // Rounds apply recorded callbacks too, and only one runs at a time: a
      // killed worker's round is taken over within about 15 s rather than
      // BullMQ's default minute. Its lock is renewed every 5 s while it runs.
      lockDuration: 10_000,
      stalledInterval: 5_000,
    },
  );

  const submitter: Worker<SubmitPayload> = new Worker<SubmitPayload>(
    QUEUES.submit,
    async (job, token) => {
      const isLast = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      try {
        const outcome = await submitVideoJob(ctx, job.data.videoJobId, { isLast });
        if (outcome.kind === "wait") {
          await job.moveToDelayed(outcome.untilMs, token);
          throw new DelayedError();
        }
      } catch (error) {
        if (error instanceof ProviderBusyError) {
          // Pause this queue for everyone instead of hammering a provider that said 429.
          await submitter.rateLimit(error.waitMs);
          throw Worker.RateLimitError();
        }
        throw error;
      }
    },
    { ...base, concurrency: options.submitConcurrency },
  );

  const workers: Worker[] = [dispatcher, submitter];
  // Copying and checking a clip runs ffprobe and ffmpeg and waits on two downloads: a few at a time per
  // process, or none in a process configured to leave them to dedicated check workers.
  const clipCheckConcurrency = options.clipCheckConcurrency ?? 4;
  if (clipCheckConcurrency > 0) {
    workers.push(
      new Worker<ClipCheckPayload>(QUEUES.clipChecks, (job) => takeClip(ctx, job.data.videoJobId, job), {
        ...base,
        concurrency: clipCheckConcurrency,
      }),
    );
  }
  if (options.publish) {
    const publish = options.publish;
    workers.push(
      new Worker<PublishPayload>(QUEUES.publish, (job) => publish(ctx, job.data.videoJobId, job), {
        ...base,
        concurrency: options.publishConcurrency,
      }),
    );
  }

  // Uninstalled and redacted shops: the webhooks record, these finish.
  const shopTasks = startShopTaskWorker(ctx.db, ctx.queues, connection, options.reconcileEveryMs, ctx.clipStore);
  workers.push(shopTasks.worker);

  // Published clips' usage charges, and their sweep.
  const usageCharges = options.usageCharges?.(ctx, connection, options.reconcileEveryMs);
  if (usageCharges) workers.push(usageCharges.worker);

  // Big catalog reads: bulk operations followed until their products are a batch.
  const catalogReads = options.catalogReads?.(ctx, connection, {
    pollMs: options.catalogReadPollMs ?? 5_000,
    sweepEveryMs: options.reconcileEveryMs,
  });
  if (catalogReads) workers.push(catalogReads.worker);

  const scheduleReconciler = async () => {
    await ctx.queues.scheduleReconcile(options.reconcileEveryMs);
    await shopTasks.schedule();
    await usageCharges?.schedule();
  };
  await scheduleReconciler();
  workers.push(
    new Worker(
      QUEUES.reconcile,
      async () => {
        const report = await reconcile(ctx);
        if (Object.values(report).some((n) => n > 0)) logger.info(report, "reconciled");
      },
      { ...base, concurrency: 1 },
    ),
  );

  for (const worker of workers) {
    worker.on("failed", (job, error) => logger.warn({ queue: worker.name, jobId: job?.id, err: error.message }, "queue job failed"));
    worker.on("error", (error) => logger.warn({ queue: worker.name, err: error.message }, "worker connection problem"));
  }

  // Redis can be flushed or replaced under a running worker: keep asking for
  // dispatch rounds and keep the reconciler's schedule in place.
  const tick = setInterval(() => void ctx.queues.requestDispatch(), options.dispatchEveryMs ?? 2_000);
  const reschedule = setInterval(() => void scheduleReconciler().catch(() => {}), options.reconcileEveryMs);
  tick.unref();
  reschedule.unref();
  await ctx.queues.requestDispatch();

  return {
    workers,
    async close() {
      clearInterval(tick);
      clearInterval(reschedule);
      catalogReads?.stop();
      // close() waits for running processors to finish: nothing is cut half-way.
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}
