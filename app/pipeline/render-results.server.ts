// What happens when the provider tells us about a render, by callback or by
// polling. Both paths end in applyRenderResult, which only ever moves a job
// forward through the state machine.
import type { VideoJob } from "@prisma/client";
import { logger } from "~/logging/logger.server";
import { transitionJob, type TransitionRequest } from "~/jobs/state-machine.server";
import type { RenderResult } from "~/providers/provider";
import { recentShopSettings } from "~/settings/settings-cache.server";
import type { PipelineContext } from "./context.server";

export type ApplyOutcome = "moved" | "unchanged";

export function renderFailureMessage(providerMessage: string | null): string {
  const reason = providerMessage?.trim() ? providerMessage.trim().slice(0, 300) : "no reason was given";
  return `The video studio could not make this clip (${reason}). Retry, or try another photo or prompt.`;
}

/** What a render result asks of the job: a move, or nothing (still running, or no clip to show). */
export interface RenderResultMove {
  request: TransitionRequest;
  /** Publishing to queue once the move is made. */
  publish: boolean;
}

export async function planRenderResult(ctx: PipelineContext, job: Pick<VideoJob, "id" | "shop">, result: RenderResult): Promise<RenderResultMove | null> {
  if (result.status === "pending" || result.status === "processing") return null;
  const guard = { generationId: result.generationId };
  if (result.status === "failed") {
    const message = renderFailureMessage(result.errorMessage);
    return {
      publish: false,
      request: {
        jobId: job.id,
        shop: job.shop,
        from: ["rendering"],
        to: "failed",
        where: guard,
        patch: { errorCode: "render_failed", errorMessage: message, credits: result.credits ?? 0, failoverUsed: result.failoverUsed, renderedAt: new Date() },
        detail: message,
      },
    };
  }
  if (!result.outputUrl) {
    logger.warn({ jobId: job.id, generationId: result.generationId }, "completed render without an output URL; waiting for the reconciler");
    return null;
  }
  const { autoPublish } = await recentShopSettings(ctx.db, job.shop);
  return {
    publish: autoPublish,
    request: {
      jobId: job.id,
      shop: job.shop,
      from: ["rendering"],
      to: autoPublish ? "publishing" : "awaiting_review",
      where: guard,
      patch: {
        outputUrl: result.outputUrl,
        credits: result.credits,
        failoverUsed: result.failoverUsed,
        modelActual: result.modelActual,
        renderedAt: result.completedAt ? new Date(result.completedAt) : new Date(),
      },
      detail: autoPublish ? "Render finished; publishing to the product" : "Render finished; waiting for your review",
    },
  };
}

/** After a move: queue the publishing it asks for, and a dispatch round for the slot it freed. */
export async function followUpRenderMove(ctx: PipelineContext, move: RenderResultMove): Promise<void> {
  if (move.publish) await ctx.queues.requestPublish(move.request.jobId);
  // Never throws, and nothing waits for it.
  void ctx.queues.requestDispatch();
}

export async function applyRenderResult(ctx: PipelineContext, job: Pick<VideoJob, "id" | "shop">, result: RenderResult): Promise<ApplyOutcome> {
  const move = await planRenderResult(ctx, job, result);
  if (!move) return "unchanged";
  const outcome = await transitionJob(ctx.db, move.request);
  if (!outcome.moved) return "unchanged";
  await followUpRenderMove(ctx, move);
  return "moved";
}
