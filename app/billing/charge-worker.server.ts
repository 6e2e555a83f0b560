// The worker process's side of billing: one consumer for the usage-charge
// queue (each entry sends one charge; the periodic sweep entry reconciles),
// started beside the pipeline's workers.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/logging/logger.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { QUEUES, type UsageChargePayload } from "~/queues/names";
import { USAGE_CHARGE_SWEEP } from "~/queues/queues.server";
import { scheduleUsageChargeSweep } from "./charge-queue.server";
import { reconcileCharges } from "./reconcile-charges.server";
import { recordUsageCharge } from "./record-charge.server";

export function startUsageChargeWorker(
  ctx: PipelineContext,
  connection: Redis,
  sweepEveryMs: number,
): { worker: Worker<UsageChargePayload>; schedule(): Promise<void> } {
  const worker = new Worker<UsageChargePayload>(
    QUEUES.usageCharges,
    async (job) => {
      if (job.name === USAGE_CHARGE_SWEEP) {
        const report = await reconcileCharges(ctx);
        if (report.written + report.requeued > 0) logger.info(report, "usage charges reconciled");
        return;
      }
      await recordUsageCharge(ctx, job.data.videoJobId);
    },
    { connection, prefix: ctx.queues.prefix, concurrency: 4 },
  );
  return { worker, schedule: () => scheduleUsageChargeSweep(ctx.queues, sweepEveryMs) };
}
