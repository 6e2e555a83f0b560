// "Usually about 1 min 30 s": the shop's own recent render times, because they
// depend on its provider, model and clip length more than on anything global.
import type { Database } from "~/db.server";

/** Said when the shop has no finished render to learn from yet. */
export const DEFAULT_RENDER_SECONDS = 90;
const SAMPLE = 50;
const LOOKBACK_MS = 7 * 24 * 3_600_000;

export async function typicalRenderSeconds(db: Database, shop: string, now = new Date()): Promise<number> {
  // Ordered by submission over the [shop, submittedAt] index, so this stays cheap on big shops.
  const recent = await db.videoJob.findMany({
    where: { shop, submittedAt: { gte: new Date(now.getTime() - LOOKBACK_MS) }, renderStartedAt: { not: null }, renderedAt: { not: null } },
    orderBy: { submittedAt: "desc" },
    take: SAMPLE,
    select: { renderStartedAt: true, renderedAt: true },
  });
  const durations = recent.map((j) => (j.renderedAt!.getTime() - j.renderStartedAt!.getTime()) / 1000).filter((s) => s > 0);
  if (durations.length === 0) return DEFAULT_RENDER_SECONDS;
  return Math.round(durations.reduce((a, b) => a + b, 0) / durations.length);
}

/**
 * When the rest of a batch should be ready, from the shop's measured render
 * time: what is rendering finishes within about one render, and what waits
 * goes through in rounds of the shop's concurrency. Null when nothing is on
 * its way.
 */
export function batchEtaSeconds(
  waiting: { notSent: number; rendering: number; afterRender: number },
  typicalSeconds: number,
  concurrency: number,
): number | null {
  const { notSent, rendering, afterRender } = waiting;
  if (notSent + rendering + afterRender === 0) return null;
  const lanes = Math.max(1, concurrency);
  // Slots free up as renders finish, so the waiting ones start in rounds.
  const rounds = Math.ceil((notSent + Math.min(rendering, lanes)) / lanes);
  // Checking and publishing take seconds next to a render; a round is the floor.
  return Math.max(rounds, 1) * typicalSeconds;
}
