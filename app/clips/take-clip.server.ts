// The "checking" step between a finished render and Shopify: the clip is
// copied from the provider's URL into the app's clip store (the URL expires),
// checked (format, length, shape, a full decode), given a poster, and scored
// against the product photo. Then it goes on to publishing, to the merchant's
// review (auto-publish off, or a low fidelity score), back to the provider
// once (a bad clip), or to failed with a reason the merchant can act on.
// Shopify is never called from here: a clip that fails stays away from it.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Job } from "bullmq";
import type { VideoJob } from "@prisma/client";
import { logger } from "~/logging/logger.server";
import { NEW_RENDER_ATTEMPT } from "~/jobs/new-render-attempt";
import { transitionJob } from "~/jobs/state-machine.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { isProviderName, OUTPUT_HOSTS } from "~/providers/registry.server";
import type { ClipCheckPayload } from "~/queues/names";
import { recentShopSettings } from "~/settings/settings-cache.server";
import { checkClip } from "./clip-checks.server";
import { ClipCopyError, ClipCopyRefusedError, copyClipToFile } from "./clip-copy.server";
import { clipKeysFor } from "./clip-store.server";
import { scoreClipFidelity, type FidelityResult } from "./fidelity.server";
import { makePoster } from "./poster.server";
import { productPhotoBytes } from "./product-photo-bytes.server";

/** A clip that fails its checks is rendered again this many times before the job fails. */
export const AUTOMATIC_RERENDERS = 1;

export async function takeClip(ctx: PipelineContext, videoJobId: string, queueJob?: Job<ClipCheckPayload>): Promise<void> {
  const job = await ctx.db.videoJob.findUnique({ where: { id: videoJobId } });
  if (!job || job.status !== "checking") return;
  const isLastAttempt = queueJob ? queueJob.attemptsMade + 1 >= (queueJob.opts.attempts ?? 1) : true;
  if (!job.outputUrl) {
    await fail(ctx, job, "clip_unavailable", "The video studio finished without a clip file. Retry to render it again.");
    return;
  }
  // Read beside the copy and the checks: the photo's host answers while ffmpeg works.
  const photo = productPhotoBytes(job.imageUrl, ctx.clipSourceDevOrigins ?? []);
  const work = await fs.mkdtemp(path.join(os.tmpdir(), "catalog-motion-clip-"));
  try {
    const clipPath = path.join(work, "clip.mp4");
    try {
      await copyClipToFile(job.outputUrl, clipSourceOf(ctx, job.provider), clipPath);
    } catch (error) {
      if (error instanceof ClipCopyRefusedError) {
        await fail(ctx, job, "clip_refused", `The finished clip was not downloaded (${error.message}). Retry to render it again.`);
        return;
      }
      if (error instanceof ClipCopyError && isLastAttempt) {
        const why = error.gone
          ? "its link at the video studio has expired or the file was removed"
          : "the video studio did not hand it over";
        await fail(ctx, job, "clip_unavailable", `The finished clip could not be kept: ${why}. Retry to render it again.`);
        return;
      }
      logger.warn({ jobId: job.id, err: (error as Error).message }, "clip copy will be retried");
      throw error;
    }

    const check = await checkClip(clipPath, { durationSeconds: job.duration, aspectRatio: job.aspectRatio });
    if (!check.ok) {
      await renderAgainOrFail(ctx, job, check.problem);
      return;
    }

    const posterPath = path.join(work, "poster.jpg");
    await makePoster(clipPath, posterPath, check.facts.durationSeconds);
    const fidelity = await scoreAgainstPhoto(job, await photo, clipPath, check.facts.durationSeconds);

    const { clipKey, posterKey } = clipKeysFor(job);
    const clipBytes = await ctx.clipStore.putFile(clipKey, clipPath, "video/mp4");
    await ctx.clipStore.putFile(posterKey, posterPath, "image/jpeg");

    const settings = await recentShopSettings(ctx.db, job.shop);
    const lowFidelity = fidelity !== null && fidelity.score < settings.fidelityThreshold;
    const publish = settings.autoPublish && !lowFidelity;
    const detail = lowFidelity
      ? `Held for your review: ${fidelity.note ?? "the clip may not match your product photo"}`
      : publish
        ? "Clip checked; publishing to the product"
        : "Clip checked; waiting for your review";
    const outcome = await transitionJob(ctx.db, {
      jobId: job.id,
      shop: job.shop,
      from: ["checking"],
      to: publish ? "publishing" : "awaiting_review",
      where: { generationId: job.generationId },
      patch: {
        clipKey,
        posterKey,
        clipBytes,
        clipCheckedAt: new Date(),
        clipRemovedAt: null,
        fidelityScore: fidelity?.score ?? null,
        fidelityNote: fidelity?.note ?? null,
      },
      detail,
    });
    if (outcome.moved && publish) await ctx.queues.requestPublish(job.id);
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}

function clipSourceOf(ctx: PipelineContext, provider: string) {
  return { hosts: isProviderName(provider) ? OUTPUT_HOSTS[provider] : [], devOrigins: ctx.clipSourceDevOrigins ?? [] };
}

/** Null when the photo cannot be read: the clip is then judged by its checks alone (and the merchant's review, if on). */
async function scoreAgainstPhoto(
  job: VideoJob,
  photo: Buffer | null,
  clipPath: string,
  durationSeconds: number,
): Promise<FidelityResult | null> {
  if (!photo) return null;
  try {
    return await scoreClipFidelity({ clipPath, photo, durationSeconds });
  } catch (error) {
    logger.warn({ jobId: job.id, err: (error as Error).message }, "fidelity not scored");
    return null;
  }
}

async function renderAgainOrFail(ctx: PipelineContext, job: VideoJob, problem: string): Promise<void> {
  if (job.rerenders < AUTOMATIC_RERENDERS) {
    const outcome = await transitionJob(ctx.db, {
      jobId: job.id,
      shop: job.shop,
      from: ["checking"],
      to: "queued",
      where: { generationId: job.generationId },
      // The credits of the first render stay: the merchant pays for one clip.
      patch: {
        ...NEW_RENDER_ATTEMPT,
        rerenders: job.rerenders + 1,
      },
      detail: `${problem}; rendering it again at no charge`,
    });
    if (outcome.moved) void ctx.queues.requestDispatch();
    return;
  }
  await fail(ctx, job, "clip_invalid", `${problem}, again after a second render. Try another photo or prompt, then retry.`);
}

async function fail(ctx: PipelineContext, job: VideoJob, errorCode: string, message: string): Promise<void> {
  await transitionJob(ctx.db, {
    jobId: job.id,
    shop: job.shop,
    from: ["checking"],
    to: "failed",
    patch: { errorCode, errorMessage: message },
    detail: message,
  });
}
