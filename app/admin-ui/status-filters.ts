// The batch page's tabs: statuses grouped the way a merchant thinks about
// them. Shared by the page and the server (no server imports).
import { countIn, FINAL_STATUSES, IN_PROGRESS_STATUSES, JOB_STATUSES, type JobStatus, type StatusCounts } from "~/jobs/status";

export interface StatusFilter {
  id: "all" | "in-progress" | "review" | "live" | "failed" | "stopped";
  label: string;
  statuses: readonly JobStatus[];
}

export const STATUS_FILTERS: readonly StatusFilter[] = [
  { id: "all", label: "All", statuses: JOB_STATUSES },
  { id: "in-progress", label: "In progress", statuses: IN_PROGRESS_STATUSES },
  { id: "review", label: "Waiting for your review", statuses: ["awaiting_review"] },
  { id: "live", label: "Live", statuses: ["published"] },
  { id: "failed", label: "Failed", statuses: ["failed"] },
  { id: "stopped", label: "Cancelled or rejected", statuses: ["cancelled", "rejected"] },
];

export function statusFilterById(id: string | null): StatusFilter {
  return STATUS_FILTERS.find((f) => f.id === id) ?? STATUS_FILTERS[0];
}

export function totalOf(counts: StatusCounts): number {
  return countIn(counts, JOB_STATUSES);
}

/** Jobs that will still change by themselves (the page keeps refreshing while any exist). */
export function unfinishedIn(counts: StatusCounts): number {
  return countIn(counts, IN_PROGRESS_STATUSES);
}

export function finishedIn(counts: StatusCounts): number {
  return countIn(counts, FINAL_STATUSES);
}
