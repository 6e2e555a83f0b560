// The Batches page's filters in the merchant's words. Shared by the page and
// its loader (no server imports).
import type { BATCH_SOURCES } from "~/pipeline/batches.server";

export type BatchSourceId = (typeof BATCH_SOURCES)[number];

export const BATCH_STATE_FILTERS = [
  { id: "all", label: "All" },
  { id: "preparing", label: "Being prepared" },
  { id: "in-progress", label: "In progress" },
  { id: "review", label: "Waiting for your review" },
  { id: "failed", label: "With failed videos" },
  { id: "done", label: "Finished" },
] as const;

export type BatchStateFilterId = (typeof BATCH_STATE_FILTERS)[number]["id"];

export const BATCH_SOURCE_LABELS: Record<BatchSourceId, string> = {
  picker: "Chosen in the app",
  "product-action": "Product page",
  "bulk-action": "Product list",
  collection: "Collection",
  csv: "CSV import",
  sandbox: "Demo",
};
