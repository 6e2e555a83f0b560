// The video job's life, in one table. Shared by server and UI (no server imports).

export const JOB_STATUSES = [
  "queued",
  "submitting",
  "rendering",
  "checking",
  "awaiting_review",
  "publishing",
  "published",
  "failed",
  "rejected",
  "cancelled",
  "paused",
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * The moves the pipeline and the merchant's review make. A status with none
 * is final: nothing more happens to the job unless the merchant retries it.
 * A submission that must wait its turn again goes back (submitting -> queued).
 */
const FORWARD: Record<JobStatus, readonly JobStatus[]> = {
  queued: ["submitting", "cancelled", "failed", "paused"],
  submitting: ["rendering", "queued", "failed", "cancelled", "paused"],
  rendering: ["checking", "publishing", "awaiting_review", "failed", "cancelled"],
  // The clip is copied into the app's store and checked; a clip that fails
  // its checks is rendered again once (checking -> queued).
  checking: ["publishing", "awaiting_review", "queued", "failed", "cancelled"],
  awaiting_review: ["publishing", "rejected", "cancelled"],
  publishing: ["published", "failed", "cancelled"],
  published: [],
  failed: [],
  rejected: [],
  cancelled: [],
  // Not sent, for a reason that is the shop's (budget, billing cap, the
  // store's video limit): resumes when that changes, never counts as failed.
  paused: ["queued", "cancelled"],
};

/** Explicit merchant or recovery actions: queue the job again, publish again when only publishing failed and the clip exists, or undo a reject. */
const RETRIES: Partial<Record<JobStatus, readonly JobStatus[]>> = {
  failed: ["queued", "publishing"],
  // Undo of a reject, while the clip is still stored: back to review, nothing rendered again.
  rejected: ["queued", "awaiting_review"],
  cancelled: ["queued"],
};

/**
 * Allowed moves. Anything else is refused, so a stale or repeated event can
 * never move a job backward or skip a stage.
 */
export const TRANSITIONS = {} as Record<JobStatus, readonly JobStatus[]>;
for (const status of JOB_STATUSES) TRANSITIONS[status] = [...FORWARD[status], ...(RETRIES[status] ?? [])];

export const FINAL_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => FORWARD[s].length === 0);

/** Everything not final, renders at the provider included: what an uninstall or a deleted product calls off. */
export const UNFINISHED_STATUSES: readonly JobStatus[] = JOB_STATUSES.filter((s) => !FINAL_STATUSES.includes(s));

/** Jobs that will still change by themselves; a clip waiting for review, or a paused job, waits for the merchant. */
export const IN_PROGRESS_STATUSES: readonly JobStatus[] = UNFINISHED_STATUSES.filter((s) => s !== "awaiting_review" && s !== "paused");

/** What the merchant's Retry queues again. */
export const RETRYABLE_STATUSES: readonly JobStatus[] = FINAL_STATUSES.filter((s) => RETRIES[s]?.includes("queued"));

/** Renders that occupy a slot at the provider. */
export const IN_FLIGHT_STATUSES: readonly JobStatus[] = ["submitting", "rendering"];

/** The statuses a job may be in for a move to `to` to be allowed. */
export function sourcesOf(to: JobStatus): JobStatus[] {
  return JOB_STATUSES.filter((from) => TRANSITIONS[from].includes(to));
}

/** How many jobs are in each status (a status with none may be missing). */
export type StatusCounts = Partial<Record<JobStatus, number>>;

export function countIn(counts: StatusCounts, statuses: readonly JobStatus[]): number {
  return statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
}

export function isJobStatus(value: string): value is JobStatus {
  return (JOB_STATUSES as readonly string[]).includes(value);
}

/** What the merchant reads for each status. */
export const STATUS_LABELS: Record<JobStatus, string> = {
  queued: "Queued",
  submitting: "Sending to the video studio",
  rendering: "Rendering",
  checking: "Checking the clip",
  awaiting_review: "Waiting for your review",
  publishing: "Publishing to the product",
  published: "Live on the product page",
  failed: "Failed",
  rejected: "Rejected",
  cancelled: "Cancelled",
  paused: "Paused",
};

export const STATUS_TONES: Record<JobStatus, "info" | "attention" | "success" | "critical" | undefined> = {
  queued: undefined,
  submitting: "info",
  rendering: "info",
  checking: "info",
  awaiting_review: "attention",
  publishing: "info",
  published: "success",
  failed: "critical",
  rejected: undefined,
  cancelled: undefined,
  paused: "attention",
};
