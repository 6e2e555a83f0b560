// Clips are kept while the app may still need them (review, publishing, a
// retry of publishing) and for a while after they are live, then removed:
// Shopify keeps its own copy of a published video. A clip that never went
// live (failed, rejected, cancelled) is kept as long, so that a retry or an
// undone rejection within that time reuses it instead of paying for a new
// render, and then removed too: nothing keeps it forever. A redacted shop's
// clips go at once (shop-redact.server.ts).
import type { Database } from "~/db.server";
import type { JobStatus } from "~/jobs/status";
import { logger } from "~/logging/logger.server";
import type { ClipStore } from "./clip-store.server";

/** Clips removed per round: the sweep runs often, so a backlog drains over a few rounds. */
const SWEEP_BATCH = 200;

/** Final statuses whose clip Shopify never got: the app's copy is the only one. */
const NEVER_LIVE: JobStatus[] = ["failed", "rejected", "cancelled"];

export async function removeExpiredClips(db: Database, store: ClipStore, retentionMs: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionMs);
  const due = await db.videoJob.findMany({
    where: {
      clipKey: { not: null },
      clipRemovedAt: null,
      OR: [
        { status: "published", publishedAt: { lt: before } },
        { status: { in: NEVER_LIVE }, finishedAt: { lt: before } },
      ],
    },
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
  // Not a status: the job keeps its own; the page says the stored copy is gone.
  await db.videoJob.updateMany({ where: { id: { in: due.map((j) => j.id) } }, data: { clipRemovedAt: now } });
  return due.length;
}
