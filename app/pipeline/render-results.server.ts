// What happens when the provider tells us about a render, by callback or by
// polling. Both paths plan the job's move here (renderResultMove), which only
// ever moves a job forward through the state machine: polling applies it at
// once (applyRenderResult, reconcile.server.ts), a recorded callback in the
// dispatch round's batch (callback-apply.server.ts); either way the slot the
// move frees is filled in the same transaction (withSlotsRefilled).
import type { VideoJob } from "@prisma/client";
import { logger } from "~/logging/logger.server";
import type { TransitionRequest } from "~/jobs/state-machine.server";
import type { RenderResult } from "~/providers/provider";
import type { PipelineContext } from "./context.server";

export function renderFailureMessage(providerMessage: string | null): string {
  const reason = providerMessage?.trim() ? providerMessage.trim().slice(0, 300) : "no reason was given";
  return `The video studio could not make this clip (${reason}). Retry, or try another photo or prompt.`;
}

/** What a render result asks of the job: a move, or nothing (still running, or no clip to show). */
export interface RenderResultMove {
  request: TransitionRequest;
  /** The clip's copy and checks to queue once the move is made. */
  check: boolean;
}

export function renderResultMove(job: Pick<VideoJob, "id" | "shop">, result: RenderResult): RenderResultMove | null {
  if (result.status === "pending" || result.status === "processing") return null;
  const guard = { generationId: result.generationId };
  if (result.status === "failed") {
    const message = renderFailureMessage(result.errorMessage);
    return {
      check: false,
      request: {
        jobId: job.id,
        shop: job.shop,
        from: ["rendering"],
        to: "failed",
        where: guard,
        patch: {
          errorCode: "render_failed",
          errorMessage: message,
          credits: result.credits ?? 0,
          failoverUsed: result.failoverUsed,
          renderedAt: new Date(),
        },
        detail: message,
      },
    };
  }
  if (!result.outputUrl) {
    logger.warn({ jobId: job.id, generationId: result.generationId }, "completed render without an output URL; waiting for the reconciler");
    return null;
  }
  // The clip is copied into the app's store and checked before anything else
  // sees it (app/clips/take-clip.server.ts decides review or publishing).
  return {
    check: true,
    request: {
      jobId: job.id,
      shop: job.shop,
      from: ["rendering"],
      to: "checking",
      where: guard,
      patch: {
        outputUrl: result.outputUrl,
        credits: result.credits,
        failoverUsed: result.failoverUsed,
        modelActual: result.modelActual,
        renderedAt: result.completedAt ? new Date(result.completedAt) : new Date(),
      },
      detail: "Render finished; checking the clip",
    },
  };
}

/** The copies and checks the moves made ask for. Never throws (the reconciler queues what Redis refused). */
export async function requestClipChecks(ctx: PipelineContext, moves: RenderResultMove[]): Promise<void> {
  await Promise.all(moves.filter((move) => move.check).map((move) => ctx.queues.requestClipCheck(move.request.jobId)));
}
