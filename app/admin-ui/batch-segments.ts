// A batch's videos in the five groups its progress bar shows, in the order a
// merchant reads them. Shared by the page and the server (no server imports).
import { countIn, type JobStatus, type StatusCounts } from "~/jobs/status";

export interface BatchSegment {
  id: "live" | "review" | "in-progress" | "not-started" | "failed";
  label: string;
  statuses: readonly JobStatus[];
  /** A Polaris fill colour: only failures are red, and only their own share of the bar. */
  color: string;
}

export const BATCH_SEGMENTS: readonly BatchSegment[] = [
  { id: "live", label: "Live on the product page", statuses: ["published"], color: "var(--p-color-bg-fill-success)" },
  { id: "review", label: "Waiting for your review", statuses: ["awaiting_review"], color: "var(--p-color-bg-fill-caution)" },
  {
    id: "in-progress",
    label: "In progress",
    statuses: ["queued", "submitting", "rendering", "checking", "publishing"],
    color: "var(--p-color-bg-fill-info)",
  },
  {
    id: "not-started",
    label: "Paused or not made",
    statuses: ["paused", "cancelled", "rejected"],
    color: "var(--p-color-bg-fill-tertiary)",
  },
  { id: "failed", label: "Failed", statuses: ["failed"], color: "var(--p-color-bg-fill-critical)" },
];

export function segmentCounts(counts: StatusCounts): { segment: BatchSegment; count: number }[] {
  return BATCH_SEGMENTS.map((segment) => ({ segment, count: countIn(counts, segment.statuses) }));
}

/**
 * Whether the batch's failures are its story: most of what was tried failed.
 * One failure in 30 is a row to retry, not a red batch.
 */
export function failuresDominate(counts: StatusCounts): boolean {
  const failed = counts.failed ?? 0;
  const tried = countIn(counts, ["published", "awaiting_review", "failed", "publishing", "checking"]);
  return failed > 0 && failed * 2 >= tried;
}
