// What the merchant sees after asking for videos: a job's status, a batch's
// progress, the outcome of the request, and errors, in plain language.
import type { ApiError, AppLink, BatchCreatedData, BatchProgress, JobTone, JobView } from "../../app/extension-actions/api-types";
import { credits, formatCount, plural } from "./copy";

// A job without a tone (queued, rejected, cancelled) gets the banner's plain default.
const BANNER_TONE = { info: "info", attention: "warning", success: "success", critical: "critical" } as const;

function bannerTone(tone: JobTone) {
  return tone ? BANNER_TONE[tone] : "auto";
}

export function Loading({ label }: { label: string }) {
  return (
    <s-stack direction="inline" gap="base" alignItems="center">
      <s-spinner size="base" accessibilityLabel={label} />
      <s-text>{label}</s-text>
    </s-stack>
  );
}

/** A page of the app, opened from the extension (`app:` resolves against the app's URL); extensions cannot redirect. */
export function AppPageLink({ link }: { link: AppLink }) {
  return <s-link href={`app:${link.appPath.replace(/^\//, "")}`}>{link.label}</s-link>;
}

export function ErrorBanner({ error, title = "That didn't work" }: { error: ApiError; title?: string }) {
  return (
    <s-banner tone="critical" heading={title}>
      <s-stack gap="small">
        <s-paragraph>{error.message}</s-paragraph>
        {error.link && <AppPageLink link={error.link} />}
      </s-stack>
    </s-banner>
  );
}

export function JobStatusBanner({ job }: { job: JobView }) {
  return (
    <s-banner tone={bannerTone(job.tone)} heading={job.statusLabel}>
      <s-stack gap="small">
        <s-paragraph>{job.detail}</s-paragraph>
        {!job.finished && <s-spinner size="base" accessibilityLabel={job.statusLabel} />}
      </s-stack>
    </s-banner>
  );
}

export function BatchProgressView({ batch }: { batch: BatchProgress }) {
  const done = batch.finished === batch.jobCount;
  return (
    <s-banner
      tone={done ? (batch.failed > 0 ? "warning" : "success") : "info"}
      heading={done ? "All videos are done" : `${formatCount(batch.finished)} of ${plural(batch.jobCount, "video")} done`}
    >
      <s-stack gap="small">
        {batch.counts.map((c) => (
          <s-paragraph key={c.status}>{`${c.label}: ${formatCount(c.count)}`}</s-paragraph>
        ))}
        <s-paragraph>{`Cost so far: ${credits(batch.creditsSoFar)} (estimate for the batch: ${credits(batch.estimatedCredits)})`}</s-paragraph>
        {batch.stoppedReason && (
          <s-paragraph>
            <s-text type="strong">{batch.stoppedReason}</s-text>
          </s-paragraph>
        )}
        {!done && <s-paragraph>You can close this; the videos are made in the background. Follow them in Catalog Motion.</s-paragraph>}
      </s-stack>
    </s-banner>
  );
}

export function RequestOutcome({ created }: { created: BatchCreatedData }) {
  return (
    <s-stack gap="small">
      {created.preparing && <s-paragraph>{created.preparing.message}</s-paragraph>}
      {created.created > 0 && (
        <s-paragraph>{`${plural(created.created, "video")} on the way (about ${credits(created.estimatedCredits)}).`}</s-paragraph>
      )}
      {created.reused > 0 && (
        <s-paragraph>{`${plural(created.reused, "product")} already ${created.reused === 1 ? "has" : "have"} a video with exactly these settings, so ${created.reused === 1 ? "it was" : "they were"} not made again. Change the prompt or settings for a new one.`}</s-paragraph>
      )}
      {created.skipped.count > 0 && (
        <s-banner tone="warning" heading={`${plural(created.skipped.count, "product")} skipped`}>
          <s-stack gap="small">
            {created.skipped.examples.map((s) => (
              <s-paragraph key={s.productId}>{`${s.title}: ${s.reason}`}</s-paragraph>
            ))}
            {created.skipped.count > created.skipped.examples.length && (
              <s-paragraph>{`${plural(created.skipped.count - created.skipped.examples.length, "other product")} had no photo or no longer exist.`}</s-paragraph>
            )}
          </s-stack>
        </s-banner>
      )}
    </s-stack>
  );
}
