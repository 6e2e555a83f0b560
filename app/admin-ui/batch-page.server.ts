// One page of a batch: its counts per status and 50 jobs at a time, walked by
// id cursors, so a batch of 10,000 jobs costs the same to show as one of 50.
import { clipLinksOf } from "~/clips/clip-links.server";
import { readingMessage } from "~/catalog/reading-message";
import type { Database } from "~/db.server";
import { countIn, type JobStatus } from "~/jobs/status";
import { shopSettings } from "~/settings/shop-settings.server";
import type { JobsTableRow } from "./components/JobsTable";
import { countsForBatch } from "~/pipeline/batch-counts.server";
import { batchEtaSeconds, typicalRenderSeconds } from "~/pipeline/render-estimate.server";
import { notFound } from "~/http/responses.server";
import type { StatusCounts } from "~/jobs/status";
import { statusFilterById, type StatusFilter } from "./status-filters";

export const JOBS_PER_PAGE = 50;

/** One row of the batch page's jobs table. */
export type JobRow = JobsTableRow;

export interface BatchSummary {
  id: string;
  title: string;
  createdAt: string;
  jobCount: number;
  stoppedReason: string | null;
  /** While its products are still read from the store: "Reading 8,214 products from your store…". */
  preparing?: string | null;
  /** Why reading the products failed, in the merchant's words. */
  failedReason?: string | null;
}

export interface BatchPageData {
  batch: BatchSummary;
  counts: StatusCounts;
  filter: StatusFilter["id"];
  jobs: JobRow[];
  /** Cursors for the neighbouring pages; null when there is none. */
  previousBefore: string | null;
  nextAfter: string | null;
  typicalRenderSeconds: number;
  /** When the rest of the batch should be ready, from measured render times; null when nothing is on its way. */
  etaSeconds: number | null;
  /** Elapsed render times are measured against this, so server and browser render the same text. */
  serverNow: string;
}

export async function ownBatch(db: Database, shop: string, batchId: string): Promise<BatchSummary> {
  const batch = await db.batch.findFirst({ where: { id: batchId, shop } });
  if (!batch) notFound();
  return {
    id: batch.id,
    title: batch.title,
    createdAt: batch.createdAt.toISOString(),
    jobCount: batch.jobCount,
    stoppedReason: batch.stoppedReason,
    preparing:
      batch.status === "preparing"
        ? readingMessage(
            (await db.catalogRead.findUnique({ where: { batchId: batch.id }, select: { productCount: true } }))?.productCount ?? 0,
          )
        : null,
    failedReason: batch.status === "failed" ? batch.failedReason : null,
  };
}

export async function loadBatchPage(db: Database, shop: string, batchId: string, search: URLSearchParams): Promise<BatchPageData> {
  const batch = await ownBatch(db, shop, batchId);
  const filter = statusFilterById(search.get("status"));
  const after = search.get("after");
  const before = search.get("before");
  const where = { shop, batchId, status: { in: [...filter.statuses] } };

  const rows = await db.videoJob.findMany({
    where: before ? { ...where, id: { lt: before } } : after ? { ...where, id: { gt: after } } : where,
    orderBy: { id: before ? "desc" : "asc" },
    take: JOBS_PER_PAGE + 1,
    select: {
      id: true,
      productId: true,
      productTitle: true,
      sku: true,
      imageUrl: true,
      status: true,
      errorMessage: true,
      errorCode: true,
      pausedReason: true,
      generationId: true,
      outputUrl: true,
      clipKey: true,
      posterKey: true,
      clipRemovedAt: true,
      renderStartedAt: true,
    },
  });
  const more = rows.length > JOBS_PER_PAGE;
  const page = rows.slice(0, JOBS_PER_PAGE);
  if (before) page.reverse();

  const [counts, typical, settings] = await Promise.all([
    countsForBatch(db, shop, batchId),
    typicalRenderSeconds(db, shop),
    shopSettings(db, shop),
  ]);
  const first = page[0]?.id ?? null;
  const last = page[page.length - 1]?.id ?? null;
  return {
    batch,
    counts,
    filter: filter.id,
    jobs: page.map((row) => {
      const { clipKey: _clipKey, posterKey: _posterKey, clipRemovedAt: _removed, generationId, ...j } = row;
      return {
        ...j,
        ...clipLinksOf(row),
        status: j.status as JobStatus,
        reachedProvider: generationId !== null,
        renderStartedAt: j.renderStartedAt?.toISOString() ?? null,
      };
    }),
    previousBefore: (before ? more : Boolean(after)) ? first : null,
    nextAfter: (before ? true : more) ? last : null,
    typicalRenderSeconds: typical,
    etaSeconds: batchEtaSeconds(
      {
        notSent: countIn(counts, ["queued", "submitting"]),
        rendering: counts.rendering ?? 0,
        afterRender: countIn(counts, ["checking", "publishing"]),
      },
      typical,
      settings.concurrencyCap,
    ),
    serverNow: new Date().toISOString(),
  };
}
