// A job's history: every status change with when and why.
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import { STATUS_LABELS, type JobStatus } from "~/jobs/status";
import { formatTime } from "~/merchant-copy/format";
import { JobStatusBadge } from "./JobStatusBadge";

export interface TimelineItem {
  id: number;
  at: string;
  from: JobStatus | null;
  to: JobStatus;
  detail: string | null;
}

export function JobTimeline({ entries }: { entries: TimelineItem[] }) {
  if (entries.length === 0)
    return (
      <Text as="p" tone="subdued">
        Nothing has happened to this video yet.
      </Text>
    );
  return (
    <ol aria-label="Timeline" style={{ listStyle: "none", margin: 0, padding: 0 }}>
      <BlockStack gap="300">
        {entries.map((entry) => (
          <li key={entry.id}>
            <InlineStack gap="300" blockAlign="start" wrap={false}>
              <div style={{ minWidth: "11rem" }}>
                <Text as="span" variant="bodySm" tone="subdued">
                  {formatTime(entry.at)}
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
                {entry.detail && (
                  <Text as="p" variant="bodySm">
                    {entry.detail}
                  </Text>
                )}
              </BlockStack>
            </InlineStack>
          </li>
        ))}
      </BlockStack>
    </ol>
  );
}
