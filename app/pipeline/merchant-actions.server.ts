// What a merchant can do to jobs, always scoped to their own shop: a job id
// from another shop simply is not found.
import type { Database } from "~/db.server";
import { NotFoundError } from "~/jobs/not-found";
import { transitionJob, transitionMany } from "~/jobs/state-machine.server";
import { RETRYABLE_STATUSES } from "~/jobs/status";
import type { PipelineQueues } from "~/queues/queues.server";
import { NEW_RENDER_ATTEMPT } from "~/jobs/new-render-attempt";

async function ownJob(db: Database, shop: string, jobId: string) {
  const job = await db.videoJob.findFirst({ where: { id: jobId, shop } });
  if (!job) throw new NotFoundError();
  return job;
}

/** A merchant's retry is a new attempt that pays for its render and publishes afresh. */
const FRESH_ATTEMPT = {
  ...NEW_RENDER_ATTEMPT,
  mediaId: null,
  stagedResourceUrl: null,
  credits: null,
};

/** Failures after the render succeeded: publishing again reuses the clip instead of paying for a new one. */
const PUBLISH_FAILURES = ["media_failed", "shopify_refused", "publish_failed", "no_shop_access"];

/**
 * Whether the app still holds the job's clip in its clip store. That, not the
 * provider's URL, decides what a retry can reuse: the URL expires (a day at
 * some providers) and the publisher never reads it, while the stored copy
 * stays until it is removed after going live or with the shop's data.
 */
function clipStillKept(job: { clipKey: string | null; clipRemovedAt: Date | null }): boolean {
  return job.clipKey !== null && job.clipRemovedAt === null;
}

export async function retryJob(db: Database, queues: PipelineQueues | null, shop: string, jobId: string): Promise<boolean> {
  const job = await ownJob(db, shop, jobId);
  if (job.status === "failed" && clipStillKept(job) && job.errorCode && PUBLISH_FAILURES.includes(job.errorCode)) {
    const outcome = await transitionJob(db, {
      jobId,
      from: ["failed"],
      to: "publishing",
      patch: { errorCode: null, errorMessage: null, finishedAt: null, mediaId: null, stagedResourceUrl: null },
      detail: "Publishing again at your request",
    });
    if (outcome.moved) await queues?.requestPublish(jobId);
    return outcome.moved;
  }
  return (await requeue(db, queues, shop, [jobId])).length === 1;
}

async function requeue(db: Database, queues: PipelineQueues | null, shop: string, jobIds: string[]): Promise<string[]> {
  const moved = await transitionMany(db, {
    shop,
    jobIds,
    from: RETRYABLE_STATUSES,
    to: "queued",
    patch: FRESH_ATTEMPT,
    detail: "Queued again at your request",
  });
  if (moved.length > 0) await queues?.requestDispatch();
  return moved;
}

/** "Retry failed" on a batch: only the failed jobs go again. */
export async function retryFailedInBatch(db: Database, queues: PipelineQueues | null, shop: string, batchId: string): Promise<number> {
  const batch = await db.batch.findFirst({ where: { id: batchId, shop } });
  if (!batch) throw new NotFoundError("That batch");
  const moved = await transitionMany(db, {
    shop,
    where: { batchId },
    from: ["failed"],
    to: "queued",
    patch: FRESH_ATTEMPT,
    detail: "Queued again: retry failed",
  });
  if (moved.length > 0) {
    await db.batch.update({ where: { id: batchId }, data: { stoppedReason: null } });
    await queues?.requestDispatch();
  }
  return moved.length;
}

/** Cancels what has not reached the provider yet (nothing is charged for those). */
export async function cancelNotStarted(db: Database, shop: string, filter: { batchId?: string; jobId?: string }): Promise<number> {
  if (filter.batchId && !(await db.batch.findFirst({ where: { id: filter.batchId, shop } }))) throw new NotFoundError("That batch");
  if (filter.jobId) await ownJob(db, shop, filter.jobId);
  const moved = await transitionMany(db, {
    shop,
    where: { ...(filter.batchId ? { batchId: filter.batchId } : {}), ...(filter.jobId ? { id: filter.jobId } : {}) },
    from: ["queued"],
    to: "cancelled",
    detail: "Cancelled by you",
  });
  return moved.length;
}

export async function approveClip(db: Database, queues: PipelineQueues | null, shop: string, jobId: string): Promise<boolean> {
  await ownJob(db, shop, jobId);
  const outcome = await transitionJob(db, { jobId, from: ["awaiting_review"], to: "publishing", detail: "Approved by you; publishing" });
  if (outcome.moved) await queues?.requestPublish(jobId);
  return outcome.moved;
}

export async function rejectClip(db: Database, shop: string, jobId: string): Promise<boolean> {
  await ownJob(db, shop, jobId);
  const outcome = await transitionJob(db, { jobId, from: ["awaiting_review"], to: "rejected", detail: "Rejected by you; not published" });
  return outcome.moved;
}

/** Undo of a reject: the clip goes back to review, only while it is still stored (nothing is rendered again). */
export async function undoReject(db: Database, shop: string, jobId: string): Promise<boolean> {
  const job = await ownJob(db, shop, jobId);
  if (job.status !== "rejected" || !clipStillKept(job)) return false;
  const outcome = await transitionJob(db, {
    jobId,
    from: ["rejected"],
    to: "awaiting_review",
    detail: "Reject undone; waiting for your review",
  });
  return outcome.moved;
}
