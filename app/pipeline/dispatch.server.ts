// Which queued video jobs go to the provider next. One round runs at a time
// across every worker process: the dispatch queue has a global concurrency of
// one, and, because Redis can be flushed or restarted under us, each round
// also holds a database lock, so the in-flight count it reads cannot be raced
// by another dispatcher and the global cap holds whatever Redis does.
//
// Fairness: each free slot goes, among the shops with work waiting and room
// under their own cap, first to a shop with nothing in flight, then to the
// shop with the fewest jobs waiting, then round-robin (the rotation survives
// between rounds in Redis). Waiting jobs are counted only up to
// WAITING_COUNT_CAP (50), so a round costs the same with 1,000 or 100,000
// queued: shops with that many or more count as equally "many" and share by
// rotation. A shop asking for 3 videos while another's 8,000 fill every slot
// therefore takes the next slots that free up: its first render waits for one
// slot, the others for none of the big shop's starts. No shop starves: one
// with work waiting and nothing in flight goes first.
import type { Prisma } from "@prisma/client";
import { dialectOf, type Database } from "~/db.server";
import { IN_FLIGHT_STATUSES } from "~/jobs/status";
import { transitionJobInTx } from "~/jobs/state-machine.server";
import { settingsOfShops } from "~/settings/shop-settings.server";
import { applyRecordedCallbacks } from "./callback-apply.server";
import type { PipelineContext } from "./context.server";
import { requestClipChecks } from "./render-results.server";
import { pauseOf, pauseQueuedJobs, type SendingPauseReason } from "./shop-pause.server";
import { WAITING_COUNT_CAP, waitingShops } from "./waiting-shops.server";

export interface DispatchRound {
  dispatched: string[];
  /** Renders in flight when the round ran; null when nothing was waiting, so they were not counted. */
  inFlight: number | null;
  /** Shops whose sending is paused but which had jobs waiting: those jobs were moved to "paused". */
  pausedShops?: string[];
  /** Recorded provider callbacks this round applied (callback-apply.server.ts). */
  callbacksApplied?: number;
}

type Tx = Prisma.TransactionClient;

/** Serialises dispatch rounds across processes for the rest of the transaction. */
async function lockDispatch(tx: Tx, dialect: "sqlite" | "postgres") {
  if (dialect === "postgres") {
    await tx.$queryRawUnsafe("SELECT pg_advisory_xact_lock(727073690)::text AS locked");
  } else {
    // A write statement takes SQLite's write lock at once (even matching no
    // row), so the round's reads cannot be interleaved with another round.
    await tx.$executeRawUnsafe('UPDATE "ShopSettings" SET "shop" = "shop" WHERE 0');
  }
}

export async function dispatchRound(ctx: PipelineContext): Promise<DispatchRound> {
  // Recorded callbacks first: the slots their moves free are filled in this same transaction.
  const { result: callbacks, round } = await withSlotsRefilled(ctx, (tx) => applyRecordedCallbacks(ctx.db, tx));
  await requestClipChecks(ctx, callbacks.moves);
  if (callbacks.more) void ctx.queues.requestDispatch();
  return { ...round, callbacksApplied: callbacks.applied };
}

/**
 * A step that frees render slots (a render's result applied, a submission
 * that failed) and the claims that fill them, in one transaction under the
 * dispatch lock: the next job is on its way to the provider the moment the
 * slot is free, with no queue hop or round between. The round every few
 * seconds stays as the safety net.
 */
export async function withSlotsRefilled<T>(
  ctx: PipelineContext,
  step: (tx: Tx) => Promise<T>,
): Promise<{ result: T; round: DispatchRound }> {
  const lastServed = await ctx.queues.lastServedShop().catch(() => null);
  const { result, round } = await ctx.db.$transaction(
    async (tx) => {
      await lockDispatch(tx, dialectOf(ctx.db));
      const result = await step(tx);
      return { result, round: await claimNextJobs(ctx.db, tx, ctx.globalCap, lastServed) };
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  if (round.lastServed !== null) await ctx.queues.rememberServedShop(round.lastServed).catch(() => {});
  await ctx.queues.requestSubmits(round.dispatched);
  // Jobs queued after the shop's pause (a new batch) wait beside the others, with the reason.
  for (const { shop, reason } of round.paused) await pauseQueuedJobs(ctx.db, shop, reason);
  return { result, round: { dispatched: round.dispatched, inFlight: round.inFlight, pausedShops: round.paused.map((p) => p.shop) } };
}

async function claimNextJobs(
  database: Database,
  db: Tx,
  globalCap: number,
  rotation: string | null,
): Promise<DispatchRound & { lastServed: string | null; paused: { shop: string; reason: SendingPauseReason }[] }> {
  // Most rounds apply callbacks with nothing waiting: those need no count of the slots in use.
  const waiting = await waitingShops(db, dialectOf(database));
  if (waiting.length === 0) return { dispatched: [], inFlight: null, lastServed: null, paused: [] };

  const inFlightRows = await db.videoJob.groupBy({
    by: ["shop"],
    where: { status: { in: [...IN_FLIGHT_STATUSES] } },
    _count: { _all: true },
  });
  const inFlight = new Map(inFlightRows.map((r) => [r.shop, r._count._all]));
  let total = inFlightRows.reduce((sum, r) => sum + r._count._all, 0);
  if (total >= globalCap) return { dispatched: [], inFlight: total, lastServed: null, paused: [] };

  const settings = await settingsOfShops(
    db,
    waiting.map((w) => w.shop),
  );
  const capOf = (shop: string) => {
    const s = settings.get(shop)!;
    return s.uninstalledAt || pauseOf(s) ? 0 : s.concurrencyCap;
  };
  const paused = waiting.flatMap((w) => {
    const reason = pauseOf(settings.get(w.shop)!);
    return reason ? [{ shop: w.shop, reason }] : [];
  });
  const candidates = waiting
    .map((w) => ({ shop: w.shop, cap: capOf(w.shop), queued: w.waiting, exhausted: false }))
    .sort((a, b) => (a.shop < b.shop ? -1 : 1));

  const dispatched: string[] = [];
  let lastServed = rotation;
  while (total < globalCap) {
    const open = candidates.filter((c) => !c.exhausted && (inFlight.get(c.shop) ?? 0) < c.cap);
    if (open.length === 0) break;
    const idle = open.filter((c) => (inFlight.get(c.shop) ?? 0) === 0);
    const first = idle.length > 0 ? idle : open;
    const leastQueued = Math.min(...first.map((c) => c.queued));
    const neediest = first.filter((c) => c.queued === leastQueued);
    // Among equals, the next shop after the one served last, wrapping around.
    const pick = neediest.find((c) => lastServed === null || c.shop > lastServed) ?? neediest[0];
    const next = await db.videoJob.findFirst({
      where: { shop: pick.shop, status: "queued" },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (!next) {
      pick.exhausted = true;
      continue;
    }
    const outcome = await transitionJobInTx(database, db, {
      jobId: next.id,
      shop: pick.shop,
      from: ["queued"],
      to: "submitting",
      detail: "Sent to the video studio",
    });
    if (!outcome.moved) continue;
    dispatched.push(next.id);
    // A shop counted at the cap may have thousands more: it stays among the "many".
    if (pick.queued < WAITING_COUNT_CAP) pick.queued -= 1;
    inFlight.set(pick.shop, (inFlight.get(pick.shop) ?? 0) + 1);
    lastServed = pick.shop;
    total += 1;
  }
  return { dispatched, inFlight: total, lastServed: dispatched.length > 0 ? lastServed : null, paused };
}
