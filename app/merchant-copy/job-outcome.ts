// A job's status as the merchant reads it. Most statuses read the same for
// every job; two depend on why: a job paused for the budget says so, and a job
// cancelled before it reached the provider "did not start" (nothing was spent).
// Shared by server and UI.
import { STATUS_LABELS, STATUS_TONES, type JobStatus } from "~/jobs/status";

export type OutcomeTone = "info" | "attention" | "success" | "critical" | undefined;

export interface JobOutcomeInput {
  status: JobStatus;
  pausedReason?: string | null;
  /** Whether the provider ever took the render (a generation id was stored). */
  reachedProvider?: boolean;
}

const PAUSE_LABELS: Readonly<Record<string, string>> = {
  budget: "Paused: monthly budget reached",
  store_video_limit: "Paused: store video limit reached",
  file_storage_limit: "Paused: store file storage full",
  billing_cap: "Paused: spending limit reached",
  subscription_inactive: "Paused: subscription not active",
};

export function outcomeLabel({ status, pausedReason, reachedProvider }: JobOutcomeInput): string {
  if (status === "paused") return (pausedReason && PAUSE_LABELS[pausedReason]) || STATUS_LABELS.paused;
  if (status === "cancelled" && reachedProvider === false) return "Not started";
  return STATUS_LABELS[status];
}

export function outcomeTone({ status }: JobOutcomeInput): OutcomeTone {
  return STATUS_TONES[status];
}
