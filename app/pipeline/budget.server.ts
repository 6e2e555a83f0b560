// The shop's monthly credit budget: what renders this month have cost (or are
// expected to cost while in flight) against what the merchant allowed.
import { dialectOf, type Database } from "~/db.server";
import { recountMonth, startOfMonth } from "~/jobs/month-credits.server";
import { transitionJob, transitionMany } from "~/jobs/state-machine.server";
import { logger } from "~/logging/logger.server";

/**
 * Credits charged this month, counting renders still in flight at their
 * estimate. One row's read: the state machine keeps the total as jobs move
 * (app/jobs/month-credits.server.ts), because this runs before every
 * submission. A month's row is recounted from the jobs the first time it is
 * read (a new month, or a database from before these totals).
 */
export async function creditsSpentThisMonth(db: Database, shop: string, now = new Date()): Promise<number> {
  const month = startOfMonth(now);
  const row = await db.shopCreditMonth.findUnique({ where: { shop_month: { shop, month } }, select: { credits: true, recounted: true } });
  if (row?.recounted) return row.credits;
  return recountCreditsOfMonth(db, shop, now);
}

/**
 * Recounts the shop's credits of the month of `now` from its jobs and stores
 * the total. The first read of a month does it; a reconciler pass may call it
 * again to correct any drift (a job row written outside the state machine).
 */
export async function recountCreditsOfMonth(db: Database, shop: string, now = new Date()): Promise<number> {
  const dialect = dialectOf(db);
  return db.$transaction((tx) => recountMonth(tx, dialect, shop, startOfMonth(now)));
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
