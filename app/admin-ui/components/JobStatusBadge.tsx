// A job's status in the merchant's words (never the raw state name): a job
// paused for the budget says so, and one cancelled before it started reads
// "Not started".
import { Badge } from "@shopify/polaris";
import type { JobStatus } from "~/jobs/status";
import { outcomeLabel, outcomeTone } from "~/merchant-copy/job-outcome";

const PROGRESS: Partial<Record<JobStatus, "incomplete" | "partiallyComplete" | "complete">> = {
  queued: "incomplete",
  submitting: "partiallyComplete",
  rendering: "partiallyComplete",
  checking: "partiallyComplete",
  publishing: "partiallyComplete",
  published: "complete",
};

export function JobStatusBadge({
  status,
  pausedReason,
  reachedProvider,
}: {
  status: JobStatus;
  pausedReason?: string | null;
  reachedProvider?: boolean;
}) {
  const job = { status, pausedReason, reachedProvider };
  return (
    <Badge tone={outcomeTone(job)} progress={PROGRESS[status]}>
      {outcomeLabel(job)}
    </Badge>
  );
}
