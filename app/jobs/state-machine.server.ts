// The only module that writes a video job's status. Every move is one
// conditional UPDATE ("... WHERE id = ? AND status IN (allowed sources)") and
// the timeline event is written in the same transaction, so two racing
// deliveries cannot both win and no status change goes unrecorded.
import type { Prisma, VideoJob } from "@prisma/client";
import { dialectOf, type Database, type Dialect } from "~/db.server";
import { insertRows } from "~/db/insert-rows.server";
import { afterWrite, changesCredits, countCreditChanges, lockCreditFields, type CreditFields } from "./month-credits.server";
import { sourcesOf, type JobStatus } from "./status";
import { takeSqliteWriteLock, updateJobInStatus, updateShopJobsInStatus } from "./video-job-sql.server";

/** Fields written together with a status: plain values, never the status or the job's identity. */
export type JobPatch = Partial<Omit<VideoJob, "id" | "shop" | "batchId" | "status" | "createdAt" | "updatedAt">>;

export interface TransitionRequest {
  jobId: string;
  /** The job's shop when the caller knows it (saves a read on hot paths). */
  shop?: string;
  to: JobStatus;
  /** Narrows the allowed sources further (e.g. only "submitting" -> "rendering"). */
  from?: readonly JobStatus[];
  /** Fields written together with the status. */
  patch?: JobPatch;
  /** Why, in words a merchant or operator can read on the timeline. */
  detail?: string;
  /** Extra guard on the row: the generation id the event is about (null: none yet). */
  where?: { generationId: string | null };
}

export type TransitionOutcome =
  { moved: true; from: JobStatus; to: JobStatus } | { moved: false; reason: "refused" | "not_found"; current: JobStatus | null };

type Tx = Prisma.TransactionClient;

export class IllegalTransitionError extends Error {}

function allowedSources(to: JobStatus, from?: readonly JobStatus[]): JobStatus[] {
  const legal = sourcesOf(to);
  if (!from) return legal;
  const illegal = from.filter((s) => !legal.includes(s));
  if (illegal.length > 0) throw new IllegalTransitionError(`${illegal.join(", ")} -> ${to} is not a move the job can make`);
  return [...from];
}

// Writes before it reads: the first UPDATE takes the write lock (SQLite) or the
// row lock (Postgres), so a transaction never has to upgrade a read lock, which
// is where concurrent SQLite writers deadlock. One UPDATE per allowed source
// tells which status the job came from without a separate read.
//
// Every callback and every dispatch goes through here, so the two statements
// are written as SQL: through Prisma's typed client, compiling them costs
// three to four times what running them does (bench scenario 1's profile).
//
// A move that can change what the job counts against the shop's monthly
// credits (sending, a result with its credits, a failure, a new attempt)
// first reads those fields under the row's lock (on SQLite, a write that
// changes nothing, so the rule above holds) and then adds the difference to
// the month's total in this same transaction (month-credits.server.ts).
async function moveInTx(tx: Tx, dialect: Dialect, request: TransitionRequest): Promise<TransitionOutcome> {
  const moves = movesInTx(tx, dialect, new Map());
  const from = await moves.move(request);
  if (from !== null) {
    await moves.finish();
    return { moved: true, from, to: request.to };
  }
  const current = await tx.videoJob.findUnique({ where: { id: request.jobId }, select: { status: true } });
  if (!current) return { moved: false, reason: "not_found", current: null };
  return { moved: false, reason: "refused", current: current.status as JobStatus };
}

/**
 * The moves of one transaction, each its conditional UPDATE at once, their
 * timeline events and credit changes written at finish(). `counted` holds the
 * credit fields already read under their locks; a move that changes a job's
 * credits and finds none there reads them first.
 */
function movesInTx(tx: Tx, dialect: Dialect, counted: Map<string, CreditFields>) {
  const events: Prisma.JobEventCreateManyInput[] = [];
  const creditChanges = new Map<string, { before: CreditFields; after: CreditFields }[]>();
  let finished = false;
  return {
    /** The status the job moved from; null when it did not move. */
    async move(request: TransitionRequest): Promise<JobStatus | null> {
      if (finished) throw new Error("move() after finish()");
      const sources = allowedSources(request.to, request.from);
      const now = new Date();
      const fields: Record<string, unknown> = { ...stampsFor(request.to, now), ...request.patch, status: request.to, updatedAt: now };
      const counts = changesCredits(fields, sources);
      if (counts && !counted.has(request.jobId))
        for (const [id, found] of await lockCreditFields(tx, dialect, [request.jobId])) counted.set(id, found);
      for (const from of sources) {
        const count = await updateJobInStatus(
          tx,
          dialect,
          { id: request.jobId, status: from, generationId: request.where?.generationId },
          fields,
        );
        if (count === 0) continue;
        const shop = request.shop ?? (await tx.videoJob.findUniqueOrThrow({ where: { id: request.jobId }, select: { shop: true } })).shop;
        events.push({ jobId: request.jobId, shop, fromStatus: from, toStatus: request.to, detail: request.detail ?? null, at: now });
        const before = counts ? counted.get(request.jobId) : undefined;
        if (before) {
          // A later move of the same job in this transaction starts from this one's result.
          const after = afterWrite(before, fields);
          counted.set(request.jobId, after);
          creditChanges.set(shop, [...(creditChanges.get(shop) ?? []), { before, after }]);
        }
        return from;
      }
      return null;
    },
    async finish(): Promise<void> {
      finished = true;
      await insertRows(tx, dialect, "JobEvent", events);
      for (const [shop, changes] of creditChanges) await countCreditChanges(tx, dialect, shop, changes);
    },
  };
}

/** Stage timestamps the merchant sees on the timeline and the batch page. */
function stampsFor(to: JobStatus, now: Date): JobPatch {
  switch (to) {
    case "submitting":
      return { submittedAt: now };
    case "rendering":
      return { renderStartedAt: now };
    case "checking":
    case "awaiting_review":
    case "publishing":
    case "paused":
      return {};
    case "published":
      return { publishedAt: now, finishedAt: now };
    case "failed":
    case "rejected":
    case "cancelled":
      return { finishedAt: now };
    case "queued":
      return { finishedAt: null, errorCode: null, errorMessage: null, pausedReason: null };
  }
}

/**
 * Moves one job if its current status allows it. Returns whether it moved;
 * a refused move is normal (duplicates, late events) and changes nothing.
 */
export async function transitionJob(db: Database, request: TransitionRequest): Promise<TransitionOutcome> {
  const dialect = dialectOf(db);
  return db.$transaction((tx) => moveInTx(tx, dialect, request));
}

/** Same, inside a transaction the caller already holds on `db`. */
export function transitionJobInTx(db: Database, tx: Tx, request: TransitionRequest): Promise<TransitionOutcome> {
  return moveInTx(tx, dialectOf(db), request);
}

/** Moves made one by one in the caller's transaction, with their shared writes done once at the end (groupedMovesInTx). */
export interface GroupedMoves {
  /** Makes the move if the job's status allows it, as transitionJobInTx would; returns whether it moved. */
  move(request: TransitionRequest): Promise<boolean>;
  /** Writes the timeline events and the credit changes of every move made. Call once, before the transaction ends. */
  finish(): Promise<void>;
}

/**
 * Many moves in the caller's transaction, made as transitionJobInTx makes
 * one (movesInTx), with what they share written once: the credit fields of every
 * job in `jobIds` read under their locks in one statement before the first
 * move, the timeline events in one insert and each shop's credit change in
 * one write at finish(). For the dispatch round's recorded callbacks: one
 * statement per move instead of four is what lets one applier keep up with
 * the callback route on Postgres, where each statement is a round trip.
 */
export async function groupedMovesInTx(db: Database, tx: Tx, jobIds: readonly string[]): Promise<GroupedMoves> {
  const dialect = dialectOf(db);
  const moves = movesInTx(tx, dialect, await lockCreditFields(tx, dialect, [...new Set(jobIds)]));
  return { move: async (request) => (await moves.move(request)) !== null, finish: moves.finish };
}

export interface ManyTransitionRequest {
  shop: string;
  jobIds?: string[];
  where?: Prisma.VideoJobWhereInput;
  to: JobStatus;
  from?: readonly JobStatus[];
  patch?: JobPatch;
  detail?: string;
}

/**
 * Moves many jobs of one shop to `to` at once (cancel, budget stop, retry failed),
 * each with its timeline event. Returns the ids that moved.
 */
export async function transitionMany(db: Database, request: ManyTransitionRequest): Promise<string[]> {
  const dialect = dialectOf(db);
  return db.$transaction((tx) => moveManyInTx(tx, request, dialect));
}

/**
 * Same, inside a transaction the caller already holds (a webhook's delivery
 * record and its effect commit together). Not for moves that change this
 * month's credits (those need transitionMany), which it refuses.
 */
export function transitionManyInTx(tx: Tx, request: ManyTransitionRequest): Promise<string[]> {
  return moveManyInTx(tx, request);
}

/**
 * Moves up to `limit` jobs of one shop, created no later than `createdUpTo`,
 * from any of `from` to `to`, each with its timeline event, in one
 * transaction. Returns the ids that moved; fewer than `limit` means none is
 * left. For work on a whole catalog (an uninstalled shop's 100,000 jobs):
 * called repeatedly, it never holds the write lock for long. SQL for the
 * same reason as moveInTx: cancelling 100,000 jobs on SQLite took 210 s
 * through the typed client (transitionMany in chunks), 17 s this way.
 */
export async function transitionShopChunk(
  db: Database,
  request: { shop: string; from: readonly JobStatus[]; to: JobStatus; createdUpTo: Date; limit: number; detail?: string },
): Promise<string[]> {
  const sources = allowedSources(request.to, request.from);
  const dialect = dialectOf(db);
  return db.$transaction(async (tx) => {
    const now = new Date();
    const fields: Record<string, unknown> = { ...stampsFor(request.to, now), status: request.to, updatedAt: now };
    // Chunks move without reading each job first, so they keep to moves that leave this month's credits as they are.
    if (changesCredits(fields, sources))
      throw new IllegalTransitionError(`a move to ${request.to} changes this month's credits: use transitionMany`);
    const moved: string[] = [];
    for (const from of sources) {
      if (moved.length >= request.limit) break;
      const ids = await updateShopJobsInStatus(
        tx,
        dialect,
        { shop: request.shop, status: from, createdUpTo: request.createdUpTo, limit: request.limit - moved.length },
        fields,
      );
      if (ids.length === 0) continue;
      await insertRows(
        tx,
        dialect,
        "JobEvent",
        ids.map((id) => ({
          jobId: id,
          shop: request.shop,
          fromStatus: from,
          toStatus: request.to,
          detail: request.detail ?? null,
          at: now,
        })),
      );
      moved.push(...ids);
    }
    return moved;
  });
}

async function moveManyInTx(tx: Tx, request: ManyTransitionRequest, dialect?: Dialect): Promise<string[]> {
  const sources = allowedSources(request.to, request.from);
  const now = new Date();
  const data = { ...stampsFor(request.to, now), ...request.patch, status: request.to };
  const moved: string[] = [];
  // Per source status, so each timeline event records where the job came from.
  for (const from of sources) {
    const where: Prisma.VideoJobWhereInput = {
      ...request.where,
      shop: request.shop,
      status: from,
      ...(request.jobIds ? { id: { in: request.jobIds } } : {}),
    };
    // As in moveInTx: the jobs' credit fields are read under their locks first, and only those jobs move.
    let counted: Map<string, CreditFields> | null = null;
    if (changesCredits(data, [from])) {
      if (!dialect) throw new IllegalTransitionError(`a move to ${request.to} changes this month's credits: use transitionMany`);
      if (dialect === "sqlite") await takeSqliteWriteLock(tx);
      const ids = (await tx.videoJob.findMany({ where, select: { id: true } })).map((j) => j.id);
      counted = await lockCreditFields(tx, dialect, ids);
    }
    const rows = await tx.videoJob.updateManyAndReturn({
      where: counted ? { ...where, id: { in: [...counted.keys()] } } : where,
      data,
      select: { id: true },
    });
    if (rows.length === 0) continue;
    if (counted && dialect) {
      const changes = rows.map(({ id }) => ({ before: counted.get(id)!, after: afterWrite(counted.get(id)!, data) }));
      await countCreditChanges(tx, dialect, request.shop, changes);
    }
    await tx.jobEvent.createMany({
      data: rows.map(({ id }) => ({
        jobId: id,
        shop: request.shop,
        fromStatus: from,
        toStatus: request.to,
        detail: request.detail ?? null,
        at: now,
      })),
    });
    moved.push(...rows.map((r) => r.id));
  }
  return moved;
}
