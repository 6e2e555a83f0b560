// A video job and a batch as the extensions show them: the status in the
// merchant's words and one sentence on what is happening or what to do.
import type { VideoJob } from "@prisma/client";
import { formatDuration } from "~/merchant-copy/format";
import { typicalRenderSeconds } from "~/pipeline/render-estimate.server";
import type { Database } from "~/db.server";
import { countIn, FINAL_STATUSES, isJobStatus, JOB_STATUSES, STATUS_LABELS, STATUS_TONES, type JobStatus } from "~/jobs/status";
import { countsForBatch } from "~/pipeline/batch-counts.server";
import type { BatchProgress, JobView } from "./api-types";
import { notFound } from "./errors.server";

type JobRow = Pick<VideoJob, "id" | "shop" | "productId" | "productTitle" | "status" | "errorMessage" | "submittedAt" | "renderStartedAt">;

export async function jobViewOf(db: Database, job: JobRow, now = new Date()): Promise<JobView> {
  const status: JobStatus = isJobStatus(job.status) ? job.status : "failed";
  return {
    id: job.id,
    productId: job.productId,
    productTitle: job.productTitle,
    status,
    statusLabel: STATUS_LABELS[status],
    tone: STATUS_TONES[status] ?? null,
    detail: await detailOf(db, job, status, now),
    finished: FINAL_STATUSES.includes(status),
  };
}

async function detailOf(db: Database, job: JobRow, status: JobStatus, now: Date): Promise<string> {
  switch (status) {
    case "queued":
      return "Waiting for a free spot at the video studio. You can close this; the video is made in the background.";
    case "submitting":
      return "Sending the product photo and your prompt to the video studio.";
    case "rendering": {
      const typical = `usually about ${formatDuration(await typicalRenderSeconds(db, job.shop, now))}`;
      const since = job.renderStartedAt ?? job.submittedAt;
      return since ? `Rendering for ${formatDuration((now.getTime() - since.getTime()) / 1000)}; ${typical}.` : `Rendering; ${typical}.`;
    }
    case "checking":
      return "The video is made; the app is checking it against your product photo.";
    case "awaiting_review":
      return "The video is ready. Open Catalog Motion to preview it, then approve or reject it.";
    case "publishing":
      return "Adding the video to the product; Shopify usually needs under a minute.";
    case "published":
      return "The video is on the product page.";
    case "failed":
      return job.errorMessage ?? "The video could not be made. Open Catalog Motion to retry.";
    case "rejected":
      return "You rejected this video, so it was not published.";
    case "cancelled":
      return "This video was called off; nothing more will happen to it.";
    case "paused":
      return "Paused: open Catalog Motion to see why and what resumes it.";
  }
}

const JOB_FIELDS = {
  id: true,
  shop: true,
  productId: true,
  productTitle: true,
  status: true,
  errorMessage: true,
  submittedAt: true,
  renderStartedAt: true,
} as const;

export async function jobStatus(db: Database, shop: string, jobId: string): Promise<JobView> {
  const job = await db.videoJob.findFirst({ where: { id: jobId, shop }, select: JOB_FIELDS });
  if (!job) throw notFound("video job");
  return jobViewOf(db, job);
}

/** The newest job for a product of this shop (over the [shop, productId] index). */
export async function latestJobFor(db: Database, shop: string, productId: string): Promise<JobView | null> {
  const job = await db.videoJob.findFirst({ where: { shop, productId }, orderBy: { createdAt: "desc" }, select: JOB_FIELDS });
  return job ? jobViewOf(db, job) : null;
}

export async function batchProgress(db: Database, shop: string, batchId: string): Promise<BatchProgress> {
  const batch = await db.batch.findFirst({ where: { id: batchId, shop } });
  if (!batch) throw notFound("batch");
  const [countOf, sums] = await Promise.all([
    countsForBatch(db, shop, batchId),
    db.videoJob.aggregate({ where: { batchId }, _sum: { credits: true, estimatedCredits: true } }),
  ]);
  const counts = JOB_STATUSES.filter((s) => countOf[s] !== undefined).map((s) => ({
    status: s,
    label: STATUS_LABELS[s],
    count: countOf[s]!,
  }));
  return {
    id: batch.id,
    title: batch.title,
    jobCount: batch.jobCount,
    counts,
    finished: countIn(countOf, FINAL_STATUSES),
    published: countOf.published ?? 0,
    failed: countOf.failed ?? 0,
    creditsSoFar: sums._sum.credits ?? 0,
    estimatedCredits: sums._sum.estimatedCredits ?? 0,
    stoppedReason: batch.stoppedReason,
  };
}
