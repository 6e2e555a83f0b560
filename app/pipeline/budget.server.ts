// The shop's monthly credit budget: what renders this month have cost (or are
// expected to cost while in flight) against what the merchant allowed.
import type { Database } from "~/db.server";

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
  "Your monthly credit budget is used up, so we stopped sending videos. Raise the budget in Settings, then choose “Retry failed”.";
