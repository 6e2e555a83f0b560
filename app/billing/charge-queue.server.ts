// The usage-charge queue beside the pipeline's: same Redis connection and key
// prefix, one per connection. Entry names and retries are queues.server.ts's.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES, type UsageChargePayload } from "~/queues/names";
import {
  addedOrWarned,
  USAGE_CHARGE_RETRIES,
  USAGE_CHARGE_SWEEP,
  USAGE_CHARGE_SWEEP_OPTIONS,
  usageChargeEntryId,
  type PipelineQueues,
} from "~/queues/queues.server";

const queues = new WeakMap<Redis, Map<string, Queue<UsageChargePayload>>>();

export function usageChargeQueue(pipeline: Pick<PipelineQueues, "connection" | "prefix">): Queue<UsageChargePayload> {
  let byPrefix = queues.get(pipeline.connection);
  if (!byPrefix) {
    byPrefix = new Map();
    queues.set(pipeline.connection, byPrefix);
  }
  let queue = byPrefix.get(pipeline.prefix);
  if (!queue) {
    queue = new Queue<UsageChargePayload>(QUEUES.usageCharges, { connection: pipeline.connection, prefix: pipeline.prefix });
    queue.on("error", () => {});
    byPrefix.set(pipeline.prefix, queue);
  }
  return queue;
}

/** Queues sending one charge to Shopify. Never throws; false when Redis is away (the sweep sends it). */
export function requestUsageCharge(pipeline: Pick<PipelineQueues, "connection" | "prefix">, videoJobId: string): Promise<boolean> {
  return addedOrWarned(
    usageChargeQueue(pipeline).add("usage-charge", { videoJobId }, { ...USAGE_CHARGE_RETRIES, jobId: usageChargeEntryId(videoJobId) }),
    { videoJobId },
    "usage charge not queued; the charge sweep will send it",
  );
}

export async function scheduleUsageChargeSweep(pipeline: Pick<PipelineQueues, "connection" | "prefix">, everyMs: number): Promise<void> {
  await usageChargeQueue(pipeline).upsertJobScheduler(
    USAGE_CHARGE_SWEEP,
    { every: everyMs },
    { name: USAGE_CHARGE_SWEEP, opts: USAGE_CHARGE_SWEEP_OPTIONS },
  );
}

export async function closeUsageChargeQueue(pipeline: Pick<PipelineQueues, "connection" | "prefix">): Promise<void> {
  const byPrefix = queues.get(pipeline.connection);
  const queue = byPrefix?.get(pipeline.prefix);
  if (!queue) return;
  byPrefix?.delete(pipeline.prefix);
  await queue.close();
}
