// A job's history, newest first: every status change with when and why. Why
// is said in the merchant's words; ids, HTTP codes and the provider's own
// words sit in a "Details" row.
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { STATUS_LABELS, type JobStatus } from "~/jobs/status";
import { formatTime } from "~/merchant-copy/format";
import { splitTechnical } from "~/merchant-copy/technical-details";
import { describeProblem } from "~/providers/merchant-errors";
import { DetailsRow } from "./DetailsRow";
import { JobStatusBadge } from "./JobStatusBadge";

function explain(entry: TimelineItem): { text: string | null; details: string | null } {
  if (!entry.detail) return { text: null, details: null };
  if (entry.to === "failed") {
    const problem = describeProblem(null, entry.detail);
    return { text: `${problem.sentence} ${problem.action}`, details: problem.details };
  }
  return splitTechnical(entry.detail, STATUS_LABELS[entry.to]);
}

export interface TimelineItem {
  id: number;
  at: string;
  from: JobStatus | null;
  to: JobStatus;
  detail: string | null;
}

export function JobTimeline({ entries, timeZone }: { entries: TimelineItem[]; timeZone?: string | null }) {
  if (entries.length === 0)
    return (
      <Text as="p" tone="subdued">
        Nothing has happened to this video yet.
      </Text>
    );
  return (
    // The list holds its items directly (a wrapper between <ol> and <li> breaks the list for screen readers).
    <ol aria-label="Timeline" style={{ listStyle: "none", margin: 0, padding: 0, display: "grid", gap: "12px" }}>
      {[...entries].reverse().map((entry) => {
        const why = explain(entry);
        return (
          <li key={entry.id}>
            <InlineStack gap="300" blockAlign="start">
              <div style={{ minWidth: "11rem" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {formatTime(entry.at, timeZone)}
                </Text>
              </div>
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <JobStatusBadge status={entry.to} />
                  {entry.from && (
                    <Text as="span" variant="bodySm" tone="subdued">
                      after {STATUS_LABELS[entry.from].toLowerCase()}
                    </Text>
                  )}
                </InlineStack>
                {why.text && (
                  <Text as="p" variant="bodySm">
                    {why.text}
                  </Text>
                )}
                <DetailsRow details={why.details} />
              </BlockStack>
            </InlineStack>
          </li>
        );
      })}
    </ol>
  );
}
