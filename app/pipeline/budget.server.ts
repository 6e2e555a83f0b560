// The shop's monthly credit budget: what renders this month have cost (or are
// expected to cost while in flight) against what the merchant allowed.
import type { Database } from "~/db.server";

export function startOfMonth(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

/** Credits charged this month, counting in-flight renders at their estimate. */
export async function creditsSpentThisMonth(db: Database, shop: string, now = new Date()): Promise<number> {
  const rows = await db.videoJob.findMany({
    where: { shop, submittedAt: { gte: startOfMonth(now) }, generationId: { not: null } },
    select: { credits: true, estimatedCredits: true, status: true },
  });
  return rows.reduce((sum, r) => sum + (r.credits ?? (r.status === "failed" ? 0 : r.estimatedCredits)), 0);
}

export const BUDGET_REACHED_MESSAGE =
  "Your monthly credit budget is used up, so we stopped sending videos. Raise the budget in Settings, then choose “Retry failed”.";
