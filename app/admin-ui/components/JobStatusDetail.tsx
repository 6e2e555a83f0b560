// The line under a job's status that tells the merchant where it stands and
// what to do: how long a render has been going, why a job failed (a sentence
// and an action; the provider's own words only under "Details"), why it waits.
import { BlockStack, Link, Text } from "@shopify/polaris";
import type { JobStatus } from "~/jobs/status";
import { adminProductUrl, formatDuration } from "~/merchant-copy/format";
import { describeProblem } from "~/providers/merchant-errors";
import { DetailsRow } from "./DetailsRow";

export interface JobStatusDetailProps {
  status: JobStatus;
  productId: string;
  errorMessage: string | null;
  errorCode?: string | null;
  pausedReason?: string | null;
  renderStartedAt: string | null;
  serverNow: string;
  typicalRenderSeconds: number;
  embedded: boolean;
}

export function JobStatusDetail(props: JobStatusDetailProps) {
  // Table cells do not wrap; a failure reason must, or it pushes the actions off screen.
  return <div style={{ whiteSpace: "normal", minWidth: "14rem", maxWidth: "26rem" }}>{detailFor(props)}</div>;
}

function detailFor(props: JobStatusDetailProps) {
  switch (props.status) {
    case "queued":
      return (
        <Text as="span" variant="bodySm" tone="subdued">
          Waiting for a free slot at the video studio
        </Text>
      );
    case "rendering": {
      const typical = formatDuration(props.typicalRenderSeconds);
      if (!props.renderStartedAt)
        return (
          <Text as="span" variant="bodySm" tone="subdued">
            Usually takes about {typical}
          </Text>
        );
      const elapsed = (Date.parse(props.serverNow) - Date.parse(props.renderStartedAt)) / 1000;
      return (
        <Text as="span" variant="bodySm" tone="subdued">
          For {formatDuration(elapsed)} ·{" "}
          {elapsed > props.typicalRenderSeconds ? `taking longer than the usual ${typical}` : `usually about ${typical}`}
        </Text>
      );
    }
    case "published": {
      const url = adminProductUrl(props.productId);
      // Outside Shopify admin there is no product page to link to, and the badge already says it is live.
      return props.embedded && url ? <Link url={url}>View product</Link> : null;
    }
    case "awaiting_review":
      return <Link url="/app/review">Review the clip</Link>;
    case "failed": {
      const problem = describeProblem(props.errorCode ?? null, props.errorMessage);
      return (
        <BlockStack gap="050" inlineAlign="start">
          <Text as="span" variant="bodySm" tone="critical">
            {problem.sentence}
          </Text>
          <Text as="span" variant="bodySm">
            {problem.action}
          </Text>
          <DetailsRow details={problem.details} />
        </BlockStack>
      );
    }
    case "paused":
      return props.pausedReason === "budget" ? (
        <Text as="span" variant="bodySm" tone="subdued">
          Not sent yet. <Link url="/app/settings">Raise the budget in Settings</Link> and it continues.
        </Text>
      ) : (
        <Text as="span" variant="bodySm" tone="subdued">
          Not sent yet; it continues once your store has room again.
        </Text>
      );
    default:
      return null;
  }
}
