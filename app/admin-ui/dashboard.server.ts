// Home: the latest batches with their progress, this month's credits against
// the budget, and the jobs that are waiting on the merchant.
import type { Database } from "~/db.server";
import { BUDGET_PAUSE_REASON, creditsSpentThisMonth } from "~/pipeline/budget.server";
import { shopSettings } from "~/settings/shop-settings.server";
import { countsByBatch } from "~/pipeline/batch-counts.server";
import type { BatchSummary } from "./batch-page.server";
import type { StatusCounts } from "~/jobs/status";

const RECENT_BATCHES = 10;
const RECENT_FAILURES = 5;

export interface DashboardData {
  batches: (BatchSummary & { counts: StatusCounts })[];
  credits: { spent: number; budget: number };
  waitingForReview: number;
  /** Videos waiting for the monthly budget to have room: paused, never failed. */
  pausedForBudget: number;
  /** Live on product pages, so a few failures among many read as what they are. */
  live: number;
  failed: {
    total: number;
    recent: { id: string; batchId: string; productTitle: string; errorMessage: string | null; errorCode: string | null }[];
  };
}

export async function loadDashboard(db: Database, shop: string): Promise<DashboardData> {
  const [batches, settings, spent, waitingForReview, failedTotal, recentFailures, pausedForBudget, live] = await Promise.all([
    // A request whose every product was already covered made no video: nothing to follow here.
    db.batch.findMany({ where: { shop, jobs: { some: {} } }, orderBy: { createdAt: "desc" }, take: RECENT_BATCHES }),
    shopSettings(db, shop),
    creditsSpentThisMonth(db, shop),
    db.videoJob.count({ where: { shop, status: "awaiting_review" } }),
    db.videoJob.count({ where: { shop, status: "failed" } }),
    db.videoJob.findMany({
      where: { shop, status: "failed" },
      orderBy: { createdAt: "desc" },
      take: RECENT_FAILURES,
      select: { id: true, batchId: true, productTitle: true, errorMessage: true, errorCode: true },
    }),
    db.videoJob.count({ where: { shop, status: "paused", pausedReason: BUDGET_PAUSE_REASON } }),
    db.videoJob.count({ where: { shop, status: "published" } }),
  ]);
  const counts = await countsByBatch(
    db,
    shop,
    batches.map((b) => b.id),
  );
  return {
    batches: batches.map((b) => ({
      id: b.id,
      title: b.title,
      createdAt: b.createdAt.toISOString(),
      jobCount: b.jobCount,
      stoppedReason: b.stoppedReason,
      counts: counts.get(b.id) ?? {},
    })),
    credits: { spent, budget: settings.monthlyCreditBudget },
    waitingForReview,
    pausedForBudget,
    live,
    failed: { total: failedTotal, recent: recentFailures },
  };
}
