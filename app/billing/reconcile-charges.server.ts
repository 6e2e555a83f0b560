// The charge sweep, both ways: a live clip without a charge row gets one
// (publishing that went around publishWithCharge), and a pending charge whose
// queue entry was lost (Redis flushed, worker killed) is queued again. What
// is sent twice is still one usage record: Shopify keys it by the job id.
import type { PipelineContext } from "~/pipeline/context.server";
import { requestUsageCharge } from "./charge-queue.server";
import { writeMissingCharge } from "./usage-charges.server";

/** Published jobs this recent are checked for a charge (a bound on each sweep's read). */
const PUBLISHED_LOOKBACK_MS = 3 * 24 * 3_600_000;
const BATCH = 500;
/** A charge this fresh is still in its first send; the sweep leaves it alone. */
const SETTLE_MS = 10_000;

export interface ChargeSweepReport {
  written: number;
  requeued: number;
}

export async function reconcileCharges(ctx: PipelineContext, now = new Date()): Promise<ChargeSweepReport> {
  const { db } = ctx;
  const report: ChargeSweepReport = { written: 0, requeued: 0 };

  const published = await db.videoJob.findMany({
    where: { status: "published", updatedAt: { gte: new Date(now.getTime() - PUBLISHED_LOOKBACK_MS) } },
    select: { id: true },
    orderBy: { updatedAt: "desc" },
    take: BATCH,
  });
  const charged = new Set(
    (await db.usageCharge.findMany({ where: { jobId: { in: published.map((j) => j.id) } }, select: { jobId: true } })).map((c) => c.jobId),
  );
  for (const { id } of published.filter((j) => !charged.has(j.id))) {
    const status = await writeMissingCharge(db, id);
    if (status === "free" || status === "pending") report.written += 1;
  }

  // Shops paused at the cap or without a plan: their charges wait for the merchant, not the sweep.
  const waiting = await db.shopSettings.findMany({
    where: { sendingPausedReason: { in: ["billing_cap", "subscription_inactive"] } },
    select: { shop: true },
  });
  const pending = await db.usageCharge.findMany({
    where: {
      status: "pending",
      createdAt: { lt: new Date(now.getTime() - SETTLE_MS) },
      shop: { notIn: waiting.map((w) => w.shop) },
    },
    select: { jobId: true },
    orderBy: { createdAt: "asc" },
    take: BATCH,
  });
  for (const { jobId } of pending) if (await requestUsageCharge(ctx.queues, jobId)) report.requeued += 1;
  return report;
}

/** Queues every charge of the shop still waiting (its plan was just approved or its limit raised). */
export async function sendWaitingCharges(db: PipelineContext["db"], queues: PipelineContext["queues"], shop: string): Promise<number> {
  const pending = await db.usageCharge.findMany({ where: { shop, status: "pending" }, select: { jobId: true }, take: 5_000 });
  let queued = 0;
  for (const { jobId } of pending) if (await requestUsageCharge(queues, jobId)) queued += 1;
  return queued;
}
