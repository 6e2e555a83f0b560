// A batch at a glance: one bar in five parts (live, waiting for review, in
// progress, paused or not made, failed), a line that says it in words, and
// when the rest should be ready. Polaris has no segmented bar; this one is a
// meter for assistive technology, with each part named in the legend.
import { BlockStack, InlineStack, Text } from "@shopify/polaris";
import type { StatusCounts } from "~/jobs/status";
import { formatCount, formatDuration } from "~/merchant-copy/format";
import { segmentCounts } from "../batch-segments";
import { totalOf } from "../status-filters";

export function BatchProgress({ counts, etaSeconds }: { counts: StatusCounts; etaSeconds?: number | null }) {
  const total = totalOf(counts);
  const parts = segmentCounts(counts);
  const count = (id: string) => parts.find((p) => p.segment.id === id)?.count ?? 0;
  const ready = count("live") + count("review");
  // "Finished" is everything no longer on its way: a clip waiting for review is ready, not unfinished.
  const finished = total - count("in-progress");
  const summary = [
    `${formatCount(count("live"))} live`,
    count("review") > 0 ? `${formatCount(count("review"))} waiting for your review` : null,
    count("in-progress") > 0 ? `${formatCount(count("in-progress"))} in progress` : null,
    count("not-started") > 0 ? `${formatCount(count("not-started"))} paused or not made` : null,
    count("failed") > 0 ? `${formatCount(count("failed"))} failed` : null,
  ]
    .filter(Boolean)
    .join(" · ");
  return (
    <BlockStack gap="200">
      <div
        role="meter"
        aria-label="Batch progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={ready}
        aria-valuetext={summary}
        data-batch-progress=""
        style={{
          display: "flex",
          height: "0.5rem",
          borderRadius: "var(--p-border-radius-full)",
          overflow: "hidden",
          background: "var(--p-color-bg-fill-secondary)",
        }}
      >
        {parts
          .filter((p) => p.count > 0)
          .map(({ segment, count: n }) => (
            <div
              key={segment.id}
              data-segment={segment.id}
              title={`${segment.label}: ${formatCount(n)}`}
              style={{ width: `${(n / Math.max(1, total)) * 100}%`, background: segment.color }}
            />
          ))}
      </div>
      <Text as="p" variant="bodySm">
        {formatCount(finished)} of {formatCount(total)} finished
      </Text>
      <Text as="p" variant="bodySm" tone="subdued">
        {summary}
        {etaSeconds ? ` · the rest should be ready in about ${formatDuration(etaSeconds)}` : ""}
      </Text>
      <InlineStack gap="300" wrap>
        {parts
          .filter((p) => p.count > 0)
          .map(({ segment, count: n }) => (
            <InlineStack key={segment.id} gap="100" blockAlign="center" wrap={false}>
              <span aria-hidden style={{ width: "0.625rem", height: "0.625rem", borderRadius: "50%", background: segment.color }} />
              <Text as="span" variant="bodySm">
                {segment.label}: {formatCount(n)}
              </Text>
            </InlineStack>
          ))}
      </InlineStack>
    </BlockStack>
  );
}
