// The Review page's views: where a clip stands, in the merchant's words.
// Shared by the page and its loader (no server imports).
import type { JobStatus } from "~/jobs/status";

export const REVIEW_VIEWS = [
  { id: "waiting", label: "Waiting for review", statuses: ["awaiting_review"] },
  { id: "approved", label: "Approved", statuses: ["publishing", "published"] },
  { id: "rejected", label: "Rejected", statuses: ["rejected"] },
] as const satisfies readonly { id: string; label: string; statuses: readonly JobStatus[] }[];

export type ReviewViewId = (typeof REVIEW_VIEWS)[number]["id"];
