// /app/batches: every batch of the shop, newest first, 25 a page, walked by
// cursors so the thousandth page costs what the first does. Filters are what a
// merchant asks of the list: what still runs, what waits for them, what failed,
// and where a batch came from.
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db.server";
import { IN_PROGRESS_STATUSES, type StatusCounts } from "~/jobs/status";
import { countsByBatch } from "~/pipeline/batch-counts.server";
import { BATCH_SOURCES } from "~/pipeline/batches.server";
import { BATCH_SOURCE_LABELS, BATCH_STATE_FILTERS, type BatchSourceId, type BatchStateFilterId } from "./batch-filters";

export const BATCHES_PER_PAGE = 25;

export interface BatchListRow {
  id: string;
  title: string;
  source: string;
  sourceLabel: string;
  createdAt: string;
  jobCount: number;
  preparing: boolean;
  failedReason: string | null;
  stoppedReason: string | null;
  counts: StatusCounts;
}

export interface BatchesIndexData {
  batches: BatchListRow[];
  state: BatchStateFilterId;
  source: BatchSourceId | "all";
  /** Cursors of the neighbouring pages; null when there is none. */
  previousBefore: string | null;
  nextAfter: string | null;
}

function stateWhere(state: BatchStateFilterId): Prisma.BatchWhereInput {
  switch (state) {
    case "all":
      return {};
    case "preparing":
      return { status: "preparing" };
    case "in-progress":
      return { jobs: { some: { status: { in: [...IN_PROGRESS_STATUSES] } } } };
    case "review":
      return { jobs: { some: { status: "awaiting_review" } } };
    case "failed":
      return { OR: [{ status: "failed" }, { jobs: { some: { status: "failed" } } }] };
    case "done":
      return { status: "ready", jobs: { some: {}, none: { status: { in: [...IN_PROGRESS_STATUSES, "awaiting_review", "paused"] } } } };
  }
}

function stateOf(value: string | null): BatchStateFilterId {
  return BATCH_STATE_FILTERS.find((f) => f.id === value)?.id ?? "all";
}

function sourceOf(value: string | null): BatchSourceId | "all" {
  return (BATCH_SOURCES as readonly string[]).includes(value ?? "") ? (value as BatchSourceId) : "all";
}

/** A cursor names a batch; one that is not the shop's is ignored, so the first page shows. */
async function cursorBatch(db: Database, shop: string, id: string | null) {
  if (!id) return null;
  return db.batch.findFirst({ where: { id, shop }, select: { id: true, createdAt: true } });
}

export async function loadBatchesIndex(db: Database, shop: string, search: URLSearchParams): Promise<BatchesIndexData> {
  const state = stateOf(search.get("status"));
  const source = sourceOf(search.get("source"));
  const [after, before] = await Promise.all([cursorBatch(db, shop, search.get("after")), cursorBatch(db, shop, search.get("before"))]);
  // A batch whose every product was already covered made no video; it is listed only while it is still being prepared.
  const where: Prisma.BatchWhereInput = {
    shop,
    AND: [{ OR: [{ jobCount: { gt: 0 } }, { status: { not: "ready" } }] }, stateWhere(state)],
    ...(source === "all" ? {} : { source }),
  };
  // Newest first: later pages are older (createdAt, then id, breaks ties between batches made the same millisecond).
  const older = (c: { id: string; createdAt: Date }): Prisma.BatchWhereInput => ({
    OR: [{ createdAt: { lt: c.createdAt } }, { createdAt: c.createdAt, id: { lt: c.id } }],
  });
  const newer = (c: { id: string; createdAt: Date }): Prisma.BatchWhereInput => ({
    OR: [{ createdAt: { gt: c.createdAt } }, { createdAt: c.createdAt, id: { gt: c.id } }],
  });
  const page = before
    ? { ...where, AND: [...(where.AND as Prisma.BatchWhereInput[]), newer(before)] }
    : after
      ? { ...where, AND: [...(where.AND as Prisma.BatchWhereInput[]), older(after)] }
      : where;
  const direction = before ? "asc" : "desc";
  const rows = await db.batch.findMany({
    where: page,
    orderBy: [{ createdAt: direction }, { id: direction }],
    take: BATCHES_PER_PAGE + 1,
  });
  const more = rows.length > BATCHES_PER_PAGE;
  const shown = rows.slice(0, BATCHES_PER_PAGE);
  if (before) shown.reverse();
  const counts = await countsByBatch(
    db,
    shop,
    shown.map((b) => b.id),
  );
  const first = shown[0];
  const last = shown[shown.length - 1];
  return {
    batches: shown.map((b) => ({
      id: b.id,
      title: b.title,
      source: b.source,
      sourceLabel: BATCH_SOURCE_LABELS[b.source as BatchSourceId] ?? "Other",
      createdAt: b.createdAt.toISOString(),
      jobCount: b.jobCount,
      preparing: b.status === "preparing",
      failedReason: b.status === "failed" ? b.failedReason : null,
      stoppedReason: b.stoppedReason,
      counts: counts.get(b.id) ?? {},
    })),
    state,
    source,
    previousBefore: first && (before ? more : Boolean(after)) ? first.id : null,
    nextAfter: last && (before ? true : more) ? last.id : null,
  };
}
