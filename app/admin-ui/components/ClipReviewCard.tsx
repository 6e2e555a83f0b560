// One finished clip waiting for the merchant: watch it, then approve (it is
// published to the product) or reject (it never goes live).
import { BlockStack, Card, InlineStack, Link, Text } from "@shopify/polaris";
import { linkableUrl } from "~/security/web-address";
import { JobActionButton } from "./JobActionButton";

export interface ClipForReviewCard {
  id: string;
  productTitle: string;
  sku: string | null;
  outputUrl: string | null;
  imageUrl: string;
  prompt: string;
}

export function ClipReviewCard({ clip }: { clip: ClipForReviewCard }) {
  // Both addresses came from outside (the provider, a CSV row): only plain web addresses are played or shown.
  const clipUrl = linkableUrl(clip.outputUrl);
  return (
    <Card>
      <article aria-label={clip.productTitle}>
        <BlockStack gap="300">
          {clipUrl ? (
            <video
              controls
              preload="metadata"
              poster={linkableUrl(clip.imageUrl) ?? undefined}
              src={clipUrl}
              style={{ width: "100%", borderRadius: 8, background: "#000" }}
            >
              <track kind="captions" />
            </video>
          ) : (
            <Text as="p" tone="subdued">
              The clip file isn't available.
            </Text>
          )}
          <BlockStack gap="100">
            <Text as="h3" variant="headingSm">
              {clip.productTitle}
            </Text>
            {clip.sku && (
              <Text as="p" variant="bodySm" tone="subdued">
                SKU {clip.sku}
              </Text>
            )}
            <Text as="p" variant="bodySm" tone="subdued">
              {clip.prompt}
            </Text>
          </BlockStack>
          <InlineStack gap="200" blockAlign="start">
            <JobActionButton intent="approve" jobId={clip.id} label="Approve" variant="primary" size="medium" />
            <JobActionButton intent="reject" jobId={clip.id} label="Reject" tone="critical" size="medium" />
            <Link url={`/app/jobs/${clip.id}`}>Timeline</Link>
          </InlineStack>
        </BlockStack>
      </article>
    </Card>
  );
}
