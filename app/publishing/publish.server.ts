// Publishing one finished clip to its product. Each step's result is saved
// on the job before the next starts, so a retry after a crash resumes where it
// stopped and never attaches the same clip twice:
//   upload (stagedResourceUrl) -> attach (mediaId) -> Shopify processing -> options -> published
// Shopify's processing is waited for between queue entries: after attaching,
// the entry ends and a delayed one looks again (mediaChecks counts the looks).
// The store's own refusals never fail a job: a video throttle pauses the
// shop's publishing for a while; a full store (videos or storage) pauses the
// shop's sending and keeps the clip until the merchant makes room and resumes.
import type { Job } from "bullmq";
import { logger } from "~/logging/logger.server";
import { transitionJob } from "~/jobs/state-machine.server";
import { publishWithCharge } from "~/billing/usage-charges.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { blocksPublishing, pauseOf, pauseSending, type SendingPauseReason } from "~/pipeline/shop-pause.server";
import type { PublishPayload } from "~/queues/names";
import { AdminApiError, isAccessRevoked } from "~/shopify-admin/admin-client";
import { recentShopSettings } from "~/settings/settings-cache.server";
import { shopSettings } from "~/settings/shop-settings.server";
import { altTextFor, attachClip, clipFilenameFor, findAttachedClip, StoreRefusedVideoError } from "./attach-media.server";
import { MAX_MEDIA_CHECKS, mediaCheckDelayMs, PROCESSING_TOO_LONG } from "./media-checks.server";
import { discardFailedClip, putClipFirst, removeClips } from "./media-options.server";
import { mediaReadiness } from "./media-status.server";
import { ClipMissingError, uploadClip } from "./staged-upload.server";

/** Shopify does not say how long its video throttle lasts: a minute, then the shop's clips try again. */
export const VIDEO_THROTTLE_PAUSE_MS = 60_000;

const NO_SHOP_ACCESS = "The app no longer has access to your store. Open Catalog Motion from Shopify admin to reconnect, then retry.";

export async function publishVideoJob(ctx: PipelineContext, videoJobId: string, queueJob?: Job<PublishPayload>): Promise<void> {
  const { db } = ctx;
  const job = await db.videoJob.findUnique({ where: { id: videoJobId } });
  if (!job || job.status !== "publishing") return;
  const isLastAttempt = queueJob ? queueJob.attemptsMade + 1 >= (queueJob.opts.attempts ?? 1) : true;

  const fail = async (errorCode: string, message: string) => {
    await transitionJob(db, {
      jobId: job.id,
      from: ["publishing"],
      to: "failed",
      patch: { errorCode, errorMessage: message },
      detail: message,
    });
  };
  /** The store has no room: the clip waits with the reason, and the shop stops sending new renders. */
  const waitForRoom = async (reason: SendingPauseReason) => {
    await db.videoJob.update({ where: { id: job.id }, data: { pausedReason: reason } });
    await pauseSending(db, job.shop, reason);
  };

  const settings = await shopSettings(db, job.shop);
  const pausedUntil = settings.publishingPausedUntil?.getTime() ?? 0;
  if (pausedUntil > Date.now()) {
    // Shopify's video throttle: every clip of the shop waits until it is over, without a call.
    await ctx.queues.requestPublishAt(job.id, pausedUntil);
    return;
  }
  const noRoom = pauseOf(settings);
  if (!job.mediaId && blocksPublishing(noRoom)) {
    if (job.pausedReason !== noRoom) await db.videoJob.update({ where: { id: job.id }, data: { pausedReason: noRoom } });
    return;
  }

  const admin = await ctx.adminFor(job.shop);
  if (!admin) {
    await fail("no_shop_access", NO_SHOP_ACCESS);
    return;
  }
  // The app's own copy (app/clips), never the provider's URL, which may have expired.
  if (!job.clipKey || job.clipRemovedAt) {
    await fail("no_clip", "The app no longer keeps this clip. Retry to render it again.");
    return;
  }
  const clipKey = job.clipKey;

  try {
    let mediaId = job.mediaId ?? (await findAttachedClip(admin, job.productId, job.id));
    if (!mediaId) {
      let resourceUrl = job.stagedResourceUrl;
      if (!resourceUrl) {
        resourceUrl = await uploadClip(admin, { store: ctx.clipStore, clipKey, filename: clipFilenameFor(job.id) });
        await db.videoJob.update({ where: { id: job.id }, data: { stagedResourceUrl: resourceUrl } });
      }
      const { aiAltText } = await recentShopSettings(db, job.shop);
      mediaId = await attachClip(admin, {
        productId: job.productId,
        resourceUrl,
        alt: altTextFor(job.productTitle, { aiGenerated: aiAltText }),
      });
      // Shopify has only begun processing: this entry ends, and a delayed one looks later.
      await db.videoJob.update({ where: { id: job.id }, data: { mediaId, mediaChecks: 1, pausedReason: null } });
      await ctx.queues.requestMediaCheck(job.id, 1, mediaCheckDelayMs(1, ctx.mediaCheckFirstDelayMs));
      return;
    }
    if (mediaId !== job.mediaId) await db.videoJob.update({ where: { id: job.id }, data: { mediaId } });

    const readiness = await mediaReadiness(admin, mediaId);
    if (readiness.state === "processing") {
      const check = job.mediaChecks + 1;
      if (check > MAX_MEDIA_CHECKS) {
        await fail("media_processing_timeout", PROCESSING_TOO_LONG);
        return;
      }
      await db.videoJob.update({ where: { id: job.id }, data: { mediaChecks: check } });
      await ctx.queues.requestMediaCheck(job.id, check, mediaCheckDelayMs(check, ctx.mediaCheckFirstDelayMs));
      return;
    }
    if (readiness.state === "missing") {
      // Deleted in Shopify admin while processing: start the upload over.
      await db.videoJob.update({ where: { id: job.id }, data: { mediaId: null, stagedResourceUrl: null, mediaChecks: 0 } });
      throw new Error("The video disappeared from the product while Shopify processed it");
    }
    if (readiness.state === "failed") {
      await discardFailedClip(admin, mediaId).catch(() => {});
      if (readiness.codes.includes("FILE_STORAGE_LIMIT_EXCEEDED")) {
        // Not the clip's fault: it uploads again once the merchant frees storage and resumes.
        await db.videoJob.update({ where: { id: job.id }, data: { mediaId: null, stagedResourceUrl: null, mediaChecks: 0 } });
        await waitForRoom("file_storage_limit");
        return;
      }
      await fail("media_failed", readiness.message);
      return;
    }

    if (settings.replacePreviousClip) {
      const previous = await db.videoJob.findMany({
        where: { shop: job.shop, productId: job.productId, status: "published", id: { not: job.id }, mediaId: { not: null } },
        select: { mediaId: true },
      });
      await removeClips(
        admin,
        job.productId,
        previous.map((p) => p.mediaId!),
      );
    }
    if (settings.putFirst) await putClipFirst(admin, job.productId, mediaId);

    // The clip's charge is written in the same transaction (app/billing).
    await publishWithCharge(ctx, {
      jobId: job.id,
      from: ["publishing"],
      to: "published",
      patch: { mediaId, pausedReason: null },
      detail: "Live on the product page",
    });
  } catch (error) {
    if (error instanceof StoreRefusedVideoError) {
      if (error.code === "VIDEO_THROTTLE_EXCEEDED") {
        const until = new Date(Date.now() + (ctx.videoThrottlePauseMs ?? VIDEO_THROTTLE_PAUSE_MS));
        // The later of two racing pauses wins; every clip of the shop reads it before calling Shopify.
        await db.shopSettings.updateMany({
          where: { shop: job.shop, OR: [{ publishingPausedUntil: null }, { publishingPausedUntil: { lt: until } }] },
          data: { publishingPausedUntil: until },
        });
        logger.info({ shop: job.shop, until }, "Shopify's video throttle: the shop's publishing waits");
        await ctx.queues.requestPublishAt(job.id, until.getTime());
        return;
      }
      await waitForRoom(error.code === "SHOP_MEDIA_LIMIT_EXCEEDED" ? "store_video_limit" : "file_storage_limit");
      return;
    }
    // Uninstalled or revoked: no retry can publish until the merchant opens the app again.
    if (isAccessRevoked(error)) {
      await fail("no_shop_access", NO_SHOP_ACCESS);
      return;
    }
    if (error instanceof AdminApiError && error.kind === "user_errors") {
      await fail("shopify_refused", `${error.message}. Fix the product in Shopify, then retry.`);
      return;
    }
    if (error instanceof ClipMissingError) {
      await fail("no_clip", `${error.message}. Retry to render it again.`);
      return;
    }
    if (isLastAttempt) {
      await fail("publish_failed", `Publishing to Shopify kept failing (${(error as Error).message}). Retry later.`);
      return;
    }
    logger.warn({ jobId: job.id, err: (error as Error).message }, "publishing will be retried");
    throw error;
  }
}
