// A batch at a glance: how much is done, and how many jobs are in each status.
import { BlockStack, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import { JOB_STATUSES, STATUS_LABELS } from "~/jobs/status";
import type { StatusCounts } from "~/jobs/status";
import { finishedIn, totalOf } from "../status-filters";
import { formatCount } from "~/merchant-copy/format";

export function BatchProgress({ counts }: { counts: StatusCounts }) {
  const total = totalOf(counts);
  const done = finishedIn(counts);
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);
  const failed = counts.failed ?? 0;
  const waiting = counts.awaiting_review ?? 0;
  return (
    <BlockStack gap="200">
      <ProgressBar progress={percent} size="small" tone={failed > 0 ? "critical" : total > 0 && done === total ? "success" : "primary"} />
      <Text as="p" variant="bodySm" tone="subdued">
        {formatCount(done)} of {formatCount(total)} finished
        {failed > 0 ? ` · ${formatCount(failed)} failed` : ""}
        {waiting > 0 ? ` · ${formatCount(waiting)} waiting for your review` : ""}
      </Text>
      <InlineStack gap="300" wrap>
        {JOB_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
          <Text key={s} as="span" variant="bodySm">
            {STATUS_LABELS[s]}: {formatCount(counts[s] ?? 0)}
          </Text>
        ))}
      </InlineStack>
    </BlockStack>
  );
}
