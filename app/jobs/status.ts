// The video job's life, in one table. Shared by server and UI (no server imports).

export const JOB_STATUSES = [
  "queued",
  "submitting",
  "rendering",
  "awaiting_review",
  "publishing",
  "published",
  "failed",
  "rejected",
  "cancelled",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Allowed moves. Anything else is refused, so a stale or repeated event can
 * never move a job backward or skip a stage. The only ways "back" are explicit
 * merchant or recovery actions: retry (failed/rejected/cancelled -> queued, or
 * failed -> publishing when only publishing failed and the clip exists) and a
 * submission that must wait its turn again (submitting -> queued).
 */
export const TRANSITIONS: Record<JobStatus, readonly JobStatus[]> = {
  queued: ["submitting", "cancelled", "failed"],
  submitting: ["rendering", "queued", "failed", "cancelled"],
  rendering: ["publishing", "awaiting_review", "failed", "cancelled"],
  awaiting_review: ["publishing", "rejected", "cancelled"],
  publishing: ["published", "failed", "cancelled"],
  published: [],
  failed: ["queued", "publishing"],
  rejected: ["queued"],
  cancelled: ["queued"],
};

export const FINAL_STATUSES: readonly JobStatus[] = ["published", "failed", "rejected", "cancelled"];

/** Renders that occupy a slot at the provider. */
export const IN_FLIGHT_STATUSES: readonly JobStatus[] = ["submitting", "rendering"];

/** The statuses a job may be in for a move to `to` to be allowed. */
export function sourcesOf(to: JobStatus): JobStatus[] {
  return JOB_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

/** What the merchant reads for each status. */
export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: "Queued",
  submitting: "Sending to the video studio",
  rendering: "Rendering",
  awaiting_review: "Waiting for your review",
  publishing: "Publishing to the product",
  published: "Live on the product page",
  failed: "Failed",
  rejected: "Rejected",
  cancelled: "Cancelled",
};

export const STATUS_TONES: Record<JobStatus, "info" | "attention" | "success" | "critical" | undefined> = {
  queued: undefined,
  submitting: "info",
  rendering: "info",
  awaiting_review: "attention",
  publishing: "info",
  published: "success",
  failed: "critical",
  rejected: undefined,
  cancelled: undefined,
};
