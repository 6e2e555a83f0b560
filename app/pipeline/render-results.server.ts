// What happens when the provider tells us about a render, by callback or by
// polling. Both paths go through applyRenderResult, which only ever moves a
// job forward through the state machine.
import type { Prisma, VideoJob } from "@prisma/client";
import { logger } from "~/logging/logger.server";
import { transitionJobInTx, type TransitionRequest } from "~/jobs/state-machine.server";
import type { RenderResult } from "~/providers/provider";
import type { PipelineContext } from "./context.server";

export type ApplyOutcome = "moved" | "unchanged";

export function renderFailureMessage(providerMessage: string | null): string {
  const reason = providerMessage?.trim() ? providerMessage.trim().slice(0, 300) : "no reason was given";
  return `The video studio could not make this clip (${reason}). Retry, or try another photo or prompt.`;
}

/** What a render result asks of the job: a move, or nothing (still running, or no clip to show). */
interface RenderResultMove {
  request: TransitionRequest;
  /** The clip's copy and checks to queue once the move is made. */
  check: boolean;
}

async function planRenderResult(
  ctx: PipelineContext,
  job: Pick<VideoJob, "id" | "shop">,
  result: RenderResult,
): Promise<RenderResultMove | null> {
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

/** After a move: queue the clip's checks it asks for, and a dispatch round for the slot it freed. */
async function followUpRenderMove(ctx: PipelineContext, move: RenderResultMove): Promise<void> {
  if (move.check) await ctx.queues.requestClipCheck(move.request.jobId);
  // Never throws, and nothing waits for it.
  void ctx.queues.requestDispatch();
}

/**
 * The one way a render result reaches its job. The move and what the caller
 * records beside it (a callback's delivery) are one transaction, so a
 * recorded delivery always had its move made or refused; a failure of the
 * record (a repeated delivery) leaves the job as it was.
 */
export async function applyRenderResult(
  ctx: PipelineContext,
  job: Pick<VideoJob, "id" | "shop">,
  result: RenderResult,
  recordBeside?: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<ApplyOutcome> {
  const move = await planRenderResult(ctx, job, result);
  if (!move && !recordBeside) return "unchanged";
  const moved = await ctx.db.$transaction(async (tx) => {
    await recordBeside?.(tx);
    return move !== null && (await transitionJobInTx(ctx.db, tx, move.request)).moved;
  });
  if (!moved || !move) return "unchanged";
  await followUpRenderMove(ctx, move);
  return "moved";
}
