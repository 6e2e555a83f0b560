// Clips are kept while the app may still need them (review, publishing, a
// retry of publishing) and for a while after they are live, then removed:
// Shopify keeps its own copy of a published video. A redacted shop's clips go
// at once (shop-redact.server.ts).
import type { Database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import type { ClipStore } from "./clip-store.server";

/** Clips removed per round: the sweep runs often, so a backlog drains over a few rounds. */
const SWEEP_BATCH = 200;

export async function removeExpiredClips(db: Database, store: ClipStore, retentionMs: number, now = new Date()): Promise<number> {
  const due = await db.videoJob.findMany({
    where: { status: "published", clipKey: { not: null }, clipRemovedAt: null, publishedAt: { lt: new Date(now.getTime() - retentionMs) } },
    select: { id: true, clipKey: true, posterKey: true },
    take: SWEEP_BATCH,
  });
  if (due.length === 0) return 0;
  try {
    await store.remove(due.flatMap((j) => [j.clipKey, j.posterKey].filter((k): k is string => k !== null)));
  } catch (error) {
    logger.warn({ err: (error as Error).message }, "expired clips not removed; the next round tries again");
    return 0;
  }
  // Not a status: the job stays published; the page says the stored copy is gone.
  await db.videoJob.updateMany({ where: { id: { in: due.map((j) => j.id) } }, data: { clipRemovedAt: now } });
  return due.length;
}
