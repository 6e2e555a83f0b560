// Which queued video jobs go to the provider next. One round runs at a time
// across every worker process: the dispatch queue has a global concurrency of
// one, and, because Redis can be flushed or restarted under us, each round
// also holds a database lock, so the in-flight count it reads cannot be raced
// by another dispatcher and the global cap holds whatever Redis does.
//
// Fairness: free slots go round-robin over the shops with work waiting (the
// rotation survives between rounds in Redis), skipping shops at their own cap.
// A shop with 8,000 queued jobs and one with 3 therefore alternate: each of the
// small shop's jobs waits at most one of the big shop's starts.
import type { Prisma } from "@prisma/client";
import { dialectOf } from "~/db.server";
import { IN_FLIGHT_STATUSES } from "~/jobs/status";
import { transitionJobInTx } from "~/jobs/state-machine.server";
import type { PipelineContext } from "./context.server";

export interface DispatchRound {
  dispatched: string[];
  inFlight: number;
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
  const lastServed = await ctx.queues.lastServedShop().catch(() => null);
  const round = await ctx.db.$transaction(
    async (tx) => {
      await lockDispatch(tx, dialectOf(ctx.db));
      return claimNextJobs(tx, ctx.globalCap, lastServed);
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  if (round.lastServed !== null) await ctx.queues.rememberServedShop(round.lastServed).catch(() => {});
  if (round.dispatched.length > 0) {
    await ctx.queues.submit.addBulk(
      round.dispatched.map((videoJobId) => ({
        name: "submit",
        data: { videoJobId },
        opts: { jobId: `submit-${videoJobId}`, attempts: 6, backoff: { type: "exponential", delay: 1_000 }, removeOnComplete: true, removeOnFail: true },
      })),
    );
  }
  return { dispatched: round.dispatched, inFlight: round.inFlight };
}

async function claimNextJobs(db: Tx, globalCap: number, rotation: string | null): Promise<DispatchRound & { lastServed: string | null }> {
  const inFlightRows = await db.videoJob.groupBy({
    by: ["shop"],
    where: { status: { in: [...IN_FLIGHT_STATUSES] } },
    _count: { _all: true },
  });
  const inFlight = new Map(inFlightRows.map((r) => [r.shop, r._count._all]));
  let total = inFlightRows.reduce((sum, r) => sum + r._count._all, 0);
  if (total >= globalCap) return { dispatched: [], inFlight: total, lastServed: null };

  const waiting = await db.videoJob.groupBy({
    by: ["shop"],
    where: { status: "queued" },
  });
  if (waiting.length === 0) return { dispatched: [], inFlight: total, lastServed: null };

  const settings = await db.shopSettings.findMany({
    where: { shop: { in: waiting.map((w) => w.shop) } },
    select: { shop: true, concurrencyCap: true, uninstalledAt: true },
  });
  const capOf = new Map(settings.map((s) => [s.shop, s.uninstalledAt ? 0 : s.concurrencyCap]));
  const candidates = waiting
    .map((w) => ({ shop: w.shop, cap: capOf.get(w.shop) ?? 4, exhausted: false }))
    .sort((a, b) => (a.shop < b.shop ? -1 : 1));

  const dispatched: string[] = [];
  let lastServed = rotation;
  while (total < globalCap) {
    const open = candidates.filter((c) => !c.exhausted && (inFlight.get(c.shop) ?? 0) < c.cap);
    if (open.length === 0) break;
    // The next shop after the one served last, wrapping around.
    const pick = open.find((c) => lastServed === null || c.shop > lastServed) ?? open[0];
    const next = await db.videoJob.findFirst({
      where: { shop: pick.shop, status: "queued" },
      orderBy: { createdAt: "asc" },
      select: { id: true },
    });
    if (!next) {
      pick.exhausted = true;
      continue;
    }
    const outcome = await transitionJobInTx(db, { jobId: next.id, from: ["queued"], to: "submitting", detail: "Sent to the video studio" });
    if (!outcome.moved) continue;
    dispatched.push(next.id);
    inFlight.set(pick.shop, (inFlight.get(pick.shop) ?? 0) + 1);
    lastServed = pick.shop;
    total += 1;
  }
  return { dispatched, inFlight: total, lastServed: dispatched.length > 0 ? lastServed : null };
}
