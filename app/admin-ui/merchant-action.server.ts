// The buttons on the batch, review and job pages, as one form field "intent".
// Every action is scoped to the signed-in shop; another shop's ids are a 404.
import { z } from "zod";
import { approveClip, cancelNotStarted, rejectClip, retryFailedInBatch, retryJob, undoReject } from "~/pipeline/merchant-actions.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { plural } from "~/merchant-copy/format";
import type { ActionOutcome } from "./action-outcome";
import { orNotFound } from "~/http/responses.server";

const intentSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("retry"), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("cancel"), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("approve"), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("reject"), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("undo-reject"), jobId: z.string().min(1) }),
  z.object({ intent: z.literal("retry-failed"), batchId: z.string().min(1) }),
  z.object({ intent: z.literal("cancel-not-started"), batchId: z.string().min(1) }),
]);

export async function runMerchantAction(ctx: PipelineContext, shop: string, form: FormData): Promise<ActionOutcome> {
  const parsed = intentSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: "That action is not available here." };
  const action = parsed.data;
  return orNotFound(async () => {
    switch (action.intent) {
      case "retry":
        return (await retryJob(ctx.db, ctx.queues, shop, action.jobId))
          ? { ok: true, message: "Queued again. It starts as soon as a slot is free." }
          : { ok: false, message: "This video can't be retried now: it has already moved on." };
      case "cancel":
        return (await cancelNotStarted(ctx.db, shop, { jobId: action.jobId })) === 1
          ? { ok: true, message: "Cancelled. Nothing was charged for it." }
          : { ok: false, message: "This video has already started, so it can't be cancelled." };
      case "approve":
        return (await approveClip(ctx.db, ctx.queues, shop, action.jobId))
          ? { ok: true, message: "Approved. The clip is being added to the product page." }
          : { ok: false, message: "This clip is no longer waiting for review." };
      case "reject":
        return (await rejectClip(ctx.db, shop, action.jobId))
          ? { ok: true, message: "Rejected. The clip won't be published.", undo: { intent: "undo-reject", jobId: action.jobId } }
          : { ok: false, message: "This clip is no longer waiting for review." };
      case "undo-reject":
        return (await undoReject(ctx.db, shop, action.jobId))
          ? { ok: true, message: "Reject undone. The clip is waiting for your review again." }
          : { ok: false, message: "This reject can't be undone: the clip is no longer kept." };
      case "retry-failed": {
        const moved = await retryFailedInBatch(ctx.db, ctx.queues, shop, action.batchId);
        return moved > 0
          ? { ok: true, message: `${plural(moved, "failed video")} queued again.` }
          : { ok: false, message: "There are no failed videos to retry." };
      }
      case "cancel-not-started": {
        const moved = await cancelNotStarted(ctx.db, shop, { batchId: action.batchId });
        return moved > 0
          ? { ok: true, message: `Cancelled ${plural(moved, "video")} that had not started. Nothing was charged for them.` }
          : { ok: false, message: "Nothing to cancel: every video has already started." };
      }
    }
  });
}
