// The safety net. Callbacks get lost and Redis forgets; the database does not.
// Each round:
//   1. renders running longer than expected are polled at the provider;
//   2. renders past the timeout fail with a clear message;
//   3. jobs in "submitting", "checking" or "publishing" whose queue entry vanished are queued again;
//   4. held callbacks whose render is now known are applied, expired ones purged;
//   5. clips live longer than the retention period are removed from the clip store;
//   6. a dispatch round is requested.
import { logger } from "~/logging/logger.server";
import type { VideoJob } from "@prisma/client";
import { transitionJob, transitionJobInTx } from "~/jobs/state-machine.server";
import { ProviderError, type ProviderName, type RenderResult } from "~/providers/provider";
import { providerForShop, type PipelineContext } from "./context.server";
import { applyKnownHeld, purgeHeld } from "./callback-inbox.server";
import { removeExpiredClips } from "~/clips/clip-retention.server";
import { withSlotsRefilled } from "./dispatch.server";
import { renderResultMove, requestClipChecks } from "./render-results.server";

export interface ReconcileReport {
  polled: number;
  advanced: number;
  timedOut: number;
  requeuedSubmits: number;
  requeuedPublishes: number;
  requeuedClipChecks: number;
  clipsRemoved: number;
  heldApplied: number;
  heldPurged: number;
}

const BATCH = 200;
const DEFAULT_CLIP_RETENTION_MS = 30 * 86_400_000;
/** A job that has just changed is being worked on; leave it to its worker. */
const SETTLE_MS = 10_000;

export async function reconcile(ctx: PipelineContext, now = new Date()): Promise<ReconcileReport> {
  const settleMs = ctx.settleMs ?? SETTLE_MS;
  const report: ReconcileReport = {
    polled: 0,
    advanced: 0,
    timedOut: 0,
    requeuedSubmits: 0,
    requeuedPublishes: 0,
    requeuedClipChecks: 0,
    clipsRemoved: 0,
    heldApplied: 0,
    heldPurged: 0,
  };
  const { db } = ctx;

  const overdue = await db.videoJob.findMany({
    where: { status: "rendering", renderStartedAt: { lt: new Date(now.getTime() - ctx.renderPollAfterMs) } },
    orderBy: { renderStartedAt: "asc" },
    take: BATCH,
  });
  for (const job of overdue) {
    if (!job.generationId) continue;
    const timedOut = job.renderStartedAt!.getTime() < now.getTime() - ctx.renderTimeoutMs;
    try {
      const provider = await providerForShop(ctx, job.shop, job.provider as ProviderName);
      const result = await provider.fetchRender(job.generationId);
      report.polled += 1;
      if ((await applyRenderResult(ctx, job, result)) === "moved") {
        report.advanced += 1;
        continue;
      }
    } catch (error) {
      // A provider hiccup during polling is not the render's failure: next
      // round. Nor may one job's trouble stop the others from being polled.
      if (error instanceof ProviderError)
        logger.warn({ jobId: job.id, status: error.status }, "polling the provider failed; will try again next round");
      else logger.error({ jobId: job.id, err: (error as Error).message }, "polling a render failed; will try again next round");
    }
    if (timedOut) {
      const minutes = Math.round(ctx.renderTimeoutMs / 60_000);
      const message = `The video studio did not finish this clip within ${minutes} minutes, so we stopped waiting. Retry it.`;
      const outcome = await transitionJob(db, {
        jobId: job.id,
        from: ["rendering"],
        to: "failed",
        where: { generationId: job.generationId },
        patch: { errorCode: "render_timeout", errorMessage: message },
        detail: message,
      });
      if (outcome.moved) report.timedOut += 1;
    }
  }

  const settled = new Date(now.getTime() - settleMs);
  const submitting = await db.videoJob.findMany({
    where: { status: "submitting", updatedAt: { lt: settled } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of submitting) {
    if (await ctx.queues.requeueSubmit(id)) report.requeuedSubmits += 1;
  }

  // A clip waiting for room in the store (pausedReason) has no entry on purpose:
  // resuming the shop's sending queues it. One Shopify is processing has its
  // next media check waiting, and a shop under Shopify's video throttle has
  // its resumption waiting: those entries count as present.
  const publishing = await db.videoJob.findMany({
    where: { status: "publishing", pausedReason: null, updatedAt: { lt: settled } },
    select: { id: true, shop: true, mediaChecks: true },
    take: BATCH,
  });
  const pausedUntil = new Map(
    (
      await db.shopSettings.findMany({
        where: { shop: { in: [...new Set(publishing.map((p) => p.shop))] } },
        select: { shop: true, publishingPausedUntil: true },
      })
    ).map((s) => [s.shop, s.publishingPausedUntil?.getTime() ?? null]),
  );
  for (const { id, shop, mediaChecks } of publishing) {
    if (await ctx.queues.requeuePublish(id, { mediaChecks, resumeAtMs: pausedUntil.get(shop) ?? null })) report.requeuedPublishes += 1;
  }

  const checking = await db.videoJob.findMany({
    where: { status: "checking", updatedAt: { lt: settled } },
    select: { id: true },
    take: BATCH,
  });
  for (const { id } of checking) {
    if (await ctx.queues.requeueClipCheck(id)) report.requeuedClipChecks += 1;
  }
  report.clipsRemoved = await removeExpiredClips(db, ctx.clipStore, ctx.clipRetentionMs ?? DEFAULT_CLIP_RETENTION_MS, now);

  report.heldApplied = await applyKnownHeld(ctx, now);
  // Held callbacks whose render never became ours are noise (or forgeries).
  report.heldPurged = await purgeHeld(ctx, now);

  await ctx.queues.requestDispatch();
  return report;
}

/** A render result polled from the provider, applied at once: the job moves forward or stays, and a slot it frees is filled. */
export async function applyRenderResult(
  ctx: PipelineContext,
  job: Pick<VideoJob, "id" | "shop">,
  result: RenderResult,
): Promise<"moved" | "unchanged"> {
  const move = renderResultMove(job, result);
  if (!move) return "unchanged";
  const { result: outcome } = await withSlotsRefilled(ctx, (tx) => transitionJobInTx(ctx.db, tx, move.request));
  if (!outcome.moved) return "unchanged";
  await requestClipChecks(ctx, [move]);
  return "moved";
}
