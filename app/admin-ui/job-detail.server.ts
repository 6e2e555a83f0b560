// One job and its timeline, for the job page. Another shop's job id is a 404.
import { clipLinksOf } from "~/clips/clip-links.server";
import type { Database } from "~/db.server";
import { isJobStatus, type JobStatus } from "~/jobs/status";
import { notFound } from "~/http/responses.server";
import { modelLabel } from "~/providers/registry.server";

export interface TimelineEntry {
  id: number;
  at: string;
  from: JobStatus | null;
  to: JobStatus;
  detail: string | null;
}

export interface JobDetail {
  id: string;
  batchId: string;
  batchTitle: string;
  productId: string;
  productTitle: string;
  sku: string | null;
  imageUrl: string;
  prompt: string;
  /** The model (or camera move) in the merchant's words; its API name only in `modelDetails`. */
  model: string;
  modelDetails: string;
  duration: number;
  aspectRatio: string;
  status: JobStatus;
  errorMessage: string | null;
  errorCode: string | null;
  pausedReason: string | null;
  reachedProvider: boolean;
  /** A rejected clip still kept in the clip store: its reject can be undone. */
  canUndoReject: boolean;
  /** The provider's id for the render, for the Details row. */
  generationId: string | null;
  outputUrl: string | null;
  /** The clip and its poster from the app's clip store (signed links), null when not (or no longer) kept. */
  clipUrl: string | null;
  posterUrl: string | null;
  /** How close the clip stays to the product photo (0-1), and what differs, in words. */
  fidelityScore: number | null;
  fidelityNote: string | null;
  failoverUsed: boolean;
  credits: number | null;
  estimatedCredits: number;
  /** What the shop pays for this clip through Shopify Billing, null when nothing is owed (own key, not live). */
  charge: { cents: number; currency: string; status: string } | null;
  timeline: TimelineEntry[];
}

/** A job's timeline is short (a handful of moves, a few more per retry); this bounds it anyway. */
const TIMELINE_LIMIT = 200;

export async function loadJobDetail(db: Database, shop: string, jobId: string): Promise<JobDetail> {
  const job = await db.videoJob.findFirst({
    where: { id: jobId, shop },
    include: {
      batch: { select: { title: true } },
      events: { orderBy: [{ at: "asc" }, { id: "asc" }], take: TIMELINE_LIMIT },
    },
  });
  if (!job) notFound();
  const charge = await db.usageCharge.findUnique({ where: { jobId: job.id }, select: { amountCents: true, currency: true, status: true } });
  return {
    id: job.id,
    batchId: job.batchId,
    batchTitle: job.batch.title,
    productId: job.productId,
    productTitle: job.productTitle,
    sku: job.sku,
    imageUrl: job.imageUrl,
    prompt: job.prompt,
    model: modelLabel(job.provider, job.modelActual ?? job.model),
    modelDetails: job.modelActual && job.modelActual !== job.model ? `${job.model} → ${job.modelActual}` : job.model,
    duration: job.duration,
    aspectRatio: job.aspectRatio,
    status: job.status as JobStatus,
    errorMessage: job.errorMessage,
    errorCode: job.errorCode,
    pausedReason: job.pausedReason,
    reachedProvider: job.generationId !== null,
    canUndoReject: job.status === "rejected" && !job.clipRemovedAt && job.clipKey !== null,
    generationId: job.generationId,
    outputUrl: job.outputUrl,
    ...clipLinksOf(job),
    fidelityScore: job.fidelityScore,
    fidelityNote: job.fidelityNote,
    failoverUsed: job.failoverUsed,
    credits: job.credits,
    estimatedCredits: job.estimatedCredits,
    charge: charge && { cents: charge.amountCents, currency: charge.currency, status: charge.status },
    timeline: job.events
      .filter((e) => isJobStatus(e.toStatus))
      .map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        from: e.fromStatus && isJobStatus(e.fromStatus) ? e.fromStatus : null,
        to: e.toStatus as JobStatus,
        detail: e.detail,
      })),
  };
}
