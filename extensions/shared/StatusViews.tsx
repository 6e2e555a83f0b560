// What the merchant sees after asking for videos: a job's status, a batch's
// progress, the outcome of the request, and errors, in plain language.
import { Banner, BlockStack, InlineStack, ProgressIndicator, Text } from "@shopify/ui-extensions-react/admin";
import type { ApiError, BatchCreatedData, BatchProgress, JobTone, JobView } from "../../app/extension-actions/api-types";
import { credits, formatCount, plural } from "./copy";

const BANNER_TONE = { info: "info", attention: "warning", success: "success", critical: "critical" } as const;

function bannerTone(tone: JobTone) {
  return tone ? BANNER_TONE[tone] : undefined;
}

export function Loading({ label }: { label: string }) {
  return (
    <InlineStack gap="base" blockAlignment="center">
      <ProgressIndicator size="small-200" accessibilityLabel={label} />
      <Text>{label}</Text>
    </InlineStack>
  );
}

export function ErrorBanner({ error, title = "That didn't work" }: { error: ApiError; title?: string }) {
  return (
    <Banner tone="critical" title={title}>
      {error.message}
    </Banner>
  );
}

export function JobStatusBanner({ job }: { job: JobView }) {
  return (
    <Banner tone={bannerTone(job.tone)} title={job.statusLabel}>
      <BlockStack gap="small">
        <Text>{job.detail}</Text>
        {!job.finished && <ProgressIndicator size="small-200" accessibilityLabel={job.statusLabel} />}
      </BlockStack>
    </Banner>
  );
}

export function BatchProgressView({ batch }: { batch: BatchProgress }) {
  const done = batch.finished === batch.jobCount;
  return (
    <Banner tone={done ? (batch.failed > 0 ? "warning" : "success") : "info"} title={done ? "All videos are done" : `${formatCount(batch.finished)} of ${plural(batch.jobCount, "video")} done`}>
      <BlockStack gap="small">
        {batch.counts.map((c) => (
          <Text key={c.status}>{`${c.label}: ${formatCount(c.count)}`}</Text>
        ))}
        <Text>{`Cost so far: ${credits(batch.creditsSoFar)} (estimate for the batch: ${credits(batch.estimatedCredits)})`}</Text>
        {batch.stoppedReason && <Text fontWeight="bold">{batch.stoppedReason}</Text>}
        {!done && <Text>You can close this; the videos are made in the background. Follow them in Catalog Motion.</Text>}
      </BlockStack>
    </Banner>
  );
}

export function RequestOutcome({ created }: { created: BatchCreatedData }) {
  return (
    <BlockStack gap="small">
      {created.created > 0 && <Text>{`${plural(created.created, "video")} on the way (about ${credits(created.estimatedCredits)}).`}</Text>}
      {created.reused > 0 && (
        <Text>{`${plural(created.reused, "product")} already ${created.reused === 1 ? "has" : "have"} a video with exactly these settings, so ${created.reused === 1 ? "it was" : "they were"} not made again. Change the prompt or settings for a new one.`}</Text>
      )}
      {created.skipped.count > 0 && (
        <Banner tone="warning" title={`${plural(created.skipped.count, "product")} skipped`}>
          <BlockStack gap="small">
            {created.skipped.examples.map((s) => (
              <Text key={s.productId}>{`${s.title}: ${s.reason}`}</Text>
            ))}
            {created.skipped.count > created.skipped.examples.length && (
              <Text>{`${plural(created.skipped.count - created.skipped.examples.length, "other product")} had no photo or no longer exist.`}</Text>
            )}
          </BlockStack>
        </Banner>
      )}
    </BlockStack>
  );
}
