// Publishing one finished clip to its product. Each step's result is saved
// on the job before the next starts, so a retry after a crash resumes where it
// stopped and never attaches the same clip twice:
//   upload (stagedResourceUrl) -> attach (mediaId) -> Shopify processing -> options -> published
import type { Job } from "bullmq";
import { logger } from "~/logging/logger.server";
import { transitionJob } from "~/jobs/state-machine.server";
import type { PipelineContext } from "~/pipeline/context.server";
import type { PublishPayload } from "~/queues/names";
import { AdminApiError, isAccessRevoked } from "~/shopify-admin/admin-client";
import { isProviderName, OUTPUT_HOSTS } from "~/providers/registry.server";
import type { OutsideSource } from "~/security/outbound-fetch.server";
import { altTextFor, attachClip, findAttachedClip } from "./attach-media.server";
import { discardFailedClip, putClipFirst, removeClips } from "./media-options.server";
import { waitUntilProcessed } from "./media-status.server";
import { ClipDownloadError, ClipRefusedError, uploadClip } from "./staged-upload.server";

/** Shopify usually finishes a short clip within a minute. */
const PROCESSING_WAIT_MS = 120_000;

export class StillProcessingError extends Error {}

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

  const admin = await ctx.adminFor(job.shop);
  if (!admin) {
    await fail("no_shop_access", NO_SHOP_ACCESS);
    return;
  }
  if (!job.outputUrl) {
    await fail("no_clip", "The finished clip has no file to publish. Regenerate it.");
    return;
  }

  try {
    let mediaId = job.mediaId ?? (await findAttachedClip(admin, job.productId, job.id));
    if (!mediaId) {
      let resourceUrl = job.stagedResourceUrl;
      if (!resourceUrl) {
        resourceUrl = await uploadClip(admin, {
          outputUrl: job.outputUrl,
          filename: `${job.id}.mp4`,
          source: clipSource(ctx, job.provider),
        });
        await db.videoJob.update({ where: { id: job.id }, data: { stagedResourceUrl: resourceUrl } });
      }
      mediaId = await attachClip(admin, { productId: job.productId, resourceUrl, alt: altTextFor(job.productTitle, job.id) });
    }
    if (mediaId !== job.mediaId) await db.videoJob.update({ where: { id: job.id }, data: { mediaId } });

    const readiness = await waitUntilProcessed(admin, mediaId, {
      timeoutMs: ctx.mediaProcessingWaitMs ?? PROCESSING_WAIT_MS,
      everyMs: 500,
    });
    if (readiness.state === "processing") throw new StillProcessingError("Shopify is still processing the video");
    if (readiness.state === "missing") {
      // Deleted in Shopify admin while processing: start the upload over.
      await db.videoJob.update({ where: { id: job.id }, data: { mediaId: null, stagedResourceUrl: null } });
      throw new Error("The video disappeared from the product while Shopify processed it");
    }
    if (readiness.state === "failed") {
      await discardFailedClip(admin, mediaId).catch(() => {});
      await fail("media_failed", readiness.message);
      return;
    }

    const settings = await db.shopSettings.findUnique({ where: { shop: job.shop } });
    if (settings?.replacePreviousClip) {
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
    if (settings?.putFirst) await putClipFirst(admin, job.productId, mediaId);

    await transitionJob(db, {
      jobId: job.id,
      from: ["publishing"],
      to: "published",
      patch: { mediaId },
      detail: "Live on the product page",
    });
  } catch (error) {
    // Uninstalled or revoked: no retry can publish until the merchant opens the app again.
    if (isAccessRevoked(error)) {
      await fail("no_shop_access", NO_SHOP_ACCESS);
      return;
    }
    if (error instanceof AdminApiError && error.kind === "user_errors") {
      await fail("shopify_refused", `${error.message}. Fix the product in Shopify, then retry.`);
      return;
    }
    if (error instanceof ClipRefusedError) {
      await fail("clip_refused", `${error.message}. Regenerate the clip.`);
      return;
    }
    if (error instanceof ClipDownloadError && isLastAttempt) {
      await fail("clip_unavailable", `${error.message}. Regenerate the clip.`);
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

/** Where this job's clip may be fetched from: the hosts its provider serves clips from. */
function clipSource(ctx: PipelineContext, provider: string): OutsideSource {
  return { hosts: isProviderName(provider) ? OUTPUT_HOSTS[provider] : [], devOrigins: ctx.clipSourceDevOrigins ?? [] };
}
