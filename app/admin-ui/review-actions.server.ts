// Approve or reject many clips at once from the Review page's selection, and
// undo such a reject (offered in its toast) while the clips are still stored.
// Each clip moves on its own (the state machine decides, so a clip another tab
// already approved is skipped, not approved twice); the answer says how many
// moved and how many had already moved on. Ids of another shop are skipped
// like ids that do not exist: nothing about them is said.
import { z } from "zod";
import { NotFoundError } from "~/jobs/not-found";
import { plural } from "~/merchant-copy/format";
import type { PipelineContext } from "~/pipeline/context.server";
import { approveClip, rejectClip, undoReject } from "~/pipeline/merchant-actions.server";
import type { ActionOutcome } from "./action-outcome";
import { CLIPS_PER_PAGE } from "./review-queue.server";

/** A selection is at most a page of clips. */
export const MAX_SELECTED = CLIPS_PER_PAGE;

const bulkSchema = z.object({
  intent: z.enum(["approve-selected", "reject-selected", "undo-reject-selected"]),
  jobId: z
    .array(z.string().min(1).max(64))
    .min(1, "Select at least one clip.")
    .max(MAX_SELECTED, `Select up to ${MAX_SELECTED} clips at a time.`),
});

export interface BulkReviewOutcome extends ActionOutcome {
  /** The clips that moved, so the page can clear them from the selection. */
  moved: string[];
}

export function isBulkReviewForm(form: FormData): boolean {
  const intent = form.get("intent");
  return intent === "approve-selected" || intent === "reject-selected" || intent === "undo-reject-selected";
}

function moveOne(ctx: PipelineContext, shop: string, intent: z.infer<typeof bulkSchema>["intent"], jobId: string): Promise<boolean> {
  switch (intent) {
    case "approve-selected":
      return approveClip(ctx.db, ctx.queues, shop, jobId);
    case "reject-selected":
      return rejectClip(ctx.db, shop, jobId);
    case "undo-reject-selected":
      return undoReject(ctx.db, shop, jobId);
  }
}

export async function runBulkReview(ctx: PipelineContext, shop: string, form: FormData): Promise<BulkReviewOutcome> {
  const parsed = bulkSchema.safeParse({ intent: form.get("intent"), jobId: [...new Set(form.getAll("jobId").map(String))] });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "That action is not available here.", moved: [] };
  const { intent } = parsed.data;
  const moved: string[] = [];
  for (const jobId of parsed.data.jobId) {
    try {
      if (await moveOne(ctx, shop, intent, jobId)) moved.push(jobId);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  const skipped = parsed.data.jobId.length - moved.length;
  if (intent === "undo-reject-selected") {
    if (moved.length === 0) return { ok: false, message: "Nothing was undone: these clips have moved on or are no longer kept.", moved };
    const notKept = skipped > 0 ? ` ${plural(skipped, "clip")} could not be brought back: no longer kept.` : "";
    return {
      ok: true,
      message: `Reject undone for ${plural(moved.length, "clip")}. ${moved.length === 1 ? "It is" : "They are"} waiting for your review again.${notKept}`,
      moved,
    };
  }
  const one = moved.length === 1;
  const skippedNote = skipped > 0 ? ` ${plural(skipped, "clip")} had already been reviewed.` : "";
  if (moved.length === 0) return { ok: false, message: "None of the selected clips is waiting for review any more.", moved };
  if (intent === "approve-selected") {
    return {
      ok: true,
      message: `Approved ${plural(moved.length, "clip")}. ${one ? "It is being added to its product page" : "They are being added to their product pages"}.${skippedNote}`,
      moved,
    };
  }
  return {
    ok: true,
    message: `Rejected ${plural(moved.length, "clip")}. ${one ? "It" : "They"} won't be published.${skippedNote}`,
    // Offered in the toast; the undo checks again that each clip is still stored.
    undo: { intent: "undo-reject-selected", jobIds: moved },
    moved,
  };
}
