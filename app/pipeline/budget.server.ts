// The shop's monthly credit budget: what renders this month have cost (or are
// expected to cost while in flight) against what the merchant allowed.
import type { Database } from "~/db.server";
import { transitionJob, transitionMany } from "~/jobs/state-machine.server";
import { logger } from "~/logging/logger.server";

export function startOfMonth(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/**
 * Credits charged this month, counting renders still in flight at their
 * estimate. Two sums over the (shop, submittedAt) index: this runs before
 * every submission, so it must not read the shop's jobs one by one.
 */
export async function creditsSpentThisMonth(db: Database, shop: string, now = new Date()): Promise<number> {
  const thisMonth = { shop, submittedAt: { gte: startOfMonth(now) }, generationId: { not: null } };
  const [charged, pending] = await Promise.all([
    db.videoJob.aggregate({ where: { ...thisMonth, credits: { not: null } }, _sum: { credits: true } }),
    db.videoJob.aggregate({ where: { ...thisMonth, credits: null, status: { not: "failed" } }, _sum: { estimatedCredits: true } }),
  ]);
  return (charged._sum.credits ?? 0) + (pending._sum.estimatedCredits ?? 0);
}

export const BUDGET_REACHED_MESSAGE =
  "Your monthly credit budget is used up, so we paused the videos that were not sent yet. Raise the budget in Settings and they continue; nothing was lost.";

/** Why a job waits, as stored in VideoJob.pausedReason: the budget is the shop's reason, never the job's failure. */
export const BUDGET_PAUSE_REASON = "budget";

/** Only this many jobs move per transaction, so a large shop never holds the write lock for long. */
const CHUNK = 2_000;

/**
 * Budget reached: the job that found it and everything else the shop has
 * waiting move to "paused" (reason "budget"), with one message on their
 * batches. Returns how many jobs were paused.
 */
export async function pauseForBudget(db: Database, shop: string, jobId: string): Promise<number> {
  const patch = { pausedReason: BUDGET_PAUSE_REASON };
  const first = await transitionJob(db, { jobId, shop, from: ["submitting"], to: "paused", patch, detail: BUDGET_REACHED_MESSAGE });
  const paused = first.moved ? [jobId] : [];
  for (;;) {
    const ids = (
      await db.videoJob.findMany({ where: { shop, status: "queued" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: CHUNK })
    ).map((j) => j.id);
    if (ids.length === 0) break;
    const chunk = await transitionMany(db, { shop, jobIds: ids, from: ["queued"], to: "paused", patch, detail: BUDGET_REACHED_MESSAGE });
    paused.push(...chunk);
    if (chunk.length === 0) break;
  }
  const batches = await db.videoJob.findMany({
    where: { id: { in: paused.slice(0, 10_000) } },
    select: { batchId: true },
    distinct: ["batchId"],
  });
  await db.batch.updateMany({ where: { id: { in: batches.map((b) => b.batchId) } }, data: { stoppedReason: BUDGET_REACHED_MESSAGE } });
  logger.info({ shop, paused: paused.length }, "monthly credit budget reached; the shop's waiting jobs paused");
  return paused.length;
}

/**
 * The budget has room again (raised in Settings, or a new month): the jobs
 * paused for it are queued again, oldest first, and their batches lose the
 * message. Returns how many were queued; the caller asks for a dispatch.
 */
export async function resumeBudgetPaused(db: Database, shop: string): Promise<number> {
  let queued = 0;
  const batchIds = new Set<string>();
  for (;;) {
    const jobs = await db.videoJob.findMany({
      where: { shop, status: "paused", pausedReason: BUDGET_PAUSE_REASON },
      select: { id: true, batchId: true },
      orderBy: { createdAt: "asc" },
      take: CHUNK,
    });
    if (jobs.length === 0) break;
    for (const j of jobs) batchIds.add(j.batchId);
    const chunk = await transitionMany(db, {
      shop,
      jobIds: jobs.map((j) => j.id),
      from: ["paused"],
      to: "queued",
      detail: "Budget raised; sending again",
    });
    queued += chunk.length;
    if (chunk.length === 0) break;
  }
  if (batchIds.size > 0) {
    await db.batch.updateMany({
      where: { id: { in: [...batchIds] }, stoppedReason: BUDGET_REACHED_MESSAGE },
      data: { stoppedReason: null },
    });
  }
  return queued;
}
