// Recorded callbacks, applied. The callback route verifies a delivery, records
// it with its verified result and answers; the dispatch round applies what was
// recorded, a batch per transaction, inside the same transaction in which it
// fills the render slots those moves freed (dispatch.server.ts).
//   - Forward-only: each move goes through the state machine with the render's
//     generation id as its guard, so a late or repeated result changes nothing.
//   - Durable: a delivery recorded and not applied yet is a row with no
//     appliedAt; whichever process runs the next round applies it, after any
//     crash or Redis flush (every worker asks for a round every few seconds).
//   - One applier at a time: the round holds the dispatch lock.
import type { Prisma } from "@prisma/client";
import { dialectOf, type Database } from "~/db.server";
import { groupedMovesInTx } from "~/jobs/state-machine.server";
import { logger } from "~/logging/logger.server";
import type { RenderResult } from "~/providers/provider";
import { renderResultMove, type RenderResultMove } from "./render-results.server";

/** Deliveries read per transaction, at most. */
export const APPLY_BATCH = 250;
/**
 * How long one transaction goes on applying on SQLite. The round holds its
 * write lock throughout, and callbacks wait for it to record theirs, so the
 * lock is let go after this long even with deliveries left: the next round
 * takes them. Postgres has no such lock (the round's advisory lock stops no
 * insert), and its statements are round trips, so there a transaction takes
 * the whole batch: with the time limit it applied fewer than arrived.
 */
export const APPLY_FOR_MS = { sqlite: 20, postgres: Infinity } as const;

export interface AppliedCallbacks {
  /** The moves made, for the clip checks they ask for once the transaction commits. */
  moves: RenderResultMove[];
  /** Deliveries taken from the inbox (moved or not). */
  applied: number;
  /** Whether more recorded deliveries wait: the round asks for another. */
  more: boolean;
}

/** Applies up to APPLY_BATCH recorded deliveries, oldest first, for about APPLY_FOR_MS, in the caller's transaction. */
export async function applyRecordedCallbacks(database: Database, tx: Prisma.TransactionClient): Promise<AppliedCallbacks> {
  const rows = await tx.providerCallback.findMany({
    where: { appliedAt: null, result: { not: null } },
    orderBy: [{ receivedAt: "asc" }, { id: "asc" }],
    take: APPLY_BATCH,
    select: { id: true, provider: true, generationId: true, result: true },
  });
  if (rows.length === 0) return { moves: [], applied: 0, more: false };

  const jobs = await tx.videoJob.findMany({
    where: { generationId: { in: [...new Set(rows.map((r) => r.generationId))] } },
    select: { id: true, shop: true, provider: true, generationId: true },
  });
  const jobOf = new Map(jobs.map((j) => [`${j.provider}:${j.generationId}`, j]));

  // One statement per move; the locks, timeline events and credit totals are shared by the group.
  const group = await groupedMovesInTx(
    database,
    tx,
    jobs.map((j) => j.id),
  );
  const moves: RenderResultMove[] = [];
  const until = performance.now() + APPLY_FOR_MS[dialectOf(database)];
  const taken: typeof rows = [];
  for (const row of rows) {
    if (taken.length > 0 && performance.now() > until) break;
    taken.push(row);
    // No job uses this render any more (retried, or the shop was erased): nothing to move.
    const job = jobOf.get(`${row.provider}:${row.generationId}`);
    const result = job ? parsedResult(row.result!, row.id) : null;
    const move = job && result ? renderResultMove(job, result) : null;
    if (move && (await group.move(move.request))) moves.push(move);
  }
  await group.finish();
  // Stamped once the moves are made: receivedAt to appliedAt is how long the merchant's view lagged.
  await tx.providerCallback.updateMany({ where: { id: { in: taken.map((r) => r.id) } }, data: { appliedAt: new Date() } });
  return { moves, applied: taken.length, more: taken.length < rows.length || rows.length === APPLY_BATCH };
}

function parsedResult(json: string, id: number): RenderResult | null {
  try {
    return JSON.parse(json) as RenderResult;
  } catch (error) {
    // Written by this app from a verified callback, so unreadable means a damaged
    // row: skipped (polling still brings the render's result), never retried forever.
    logger.error({ providerCallbackId: id, err: (error as Error).message }, "recorded callback result unreadable; skipped");
    return null;
  }
}
