// A job's status in the merchant's words (never the raw state name).
import { Badge } from "@shopify/polaris";
import { STATUS_LABELS, STATUS_TONES, type JobStatus } from "~/jobs/status";

const PROGRESS: Partial<Record<JobStatus, "incomplete" | "partiallyComplete" | "complete">> = {
  queued: "incomplete",
  submitting: "partiallyComplete",
  rendering: "partiallyComplete",
  publishing: "partiallyComplete",
  published: "complete",
};

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <Badge tone={STATUS_TONES[status]} progress={PROGRESS[status]}>
      {STATUS_LABELS[status]}
    </Badge>
  );
}
