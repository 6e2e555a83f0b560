// One finished clip in the Review page: watch it, select it for a bulk
// action, or approve (it is published to the product) or reject (it never goes
// live) on its own. Every clip sits in the same square frame, whatever its
// shape, so a page of 16:9 and 9:16 clips stays an even grid.
import { BlockStack, Box, Button, Card, Checkbox, InlineStack, Link, Text } from "@shopify/polaris";
import { forwardRef } from "react";
import { ClipPlayer } from "./ClipPlayer";
import { isClipLink } from "./clip-link";

export interface ClipForReviewCard {
  id: string;
  productTitle: string;
  sku: string | null;
  /** The clip and its poster frame from the app's clip store (signed links). */
  clipUrl: string | null;
  posterUrl: string | null;
  /** Why the fidelity check held the clip for review, when it did. */
  fidelityNote?: string | null;
  imageUrl: string;
  prompt: string;
  aspectRatio: string;
  status: string;
}

interface ClipReviewCardProps {
  clip: ClipForReviewCard;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** The clip the keyboard shortcuts act on. */
  current: boolean;
  onFocus: () => void;
  onApprove: () => void;
  onReject: () => void;
  /** An action on this clip is on its way. */
  busy: boolean;
}

const FRAME_STYLE = {
  aspectRatio: "1 / 1",
  width: "100%",
  background: "#1a1a1a",
  borderRadius: 8,
  overflow: "hidden",
  display: "flex",
  alignItems: "center",
  justifyContent: "center",
} as const;

export const ClipReviewCard = forwardRef<HTMLElement, ClipReviewCardProps>(function ClipReviewCard(
  { clip, selected, onSelect, current, onFocus, onApprove, onReject, busy },
  ref,
) {
  const waiting = clip.status === "awaiting_review";
  return (
    <article
      ref={ref}
      tabIndex={-1}
      aria-label={`${clip.productTitle}${clip.sku ? `, SKU ${clip.sku}` : ""}`}
      aria-current={current ? "true" : undefined}
      onFocus={onFocus}
      style={{ outline: current ? "2px solid #005bd3" : "none", outlineOffset: 2, borderRadius: 12 }}
    >
      <Card>
        <BlockStack gap="300">
          <div style={FRAME_STYLE}>
            {isClipLink(clip.clipUrl) ? (
              <ClipPlayer
                clipUrl={clip.clipUrl}
                posterUrl={clip.posterUrl}
                productTitle={clip.productTitle}
                aspectRatio={clip.aspectRatio}
              />
            ) : (
              <Box padding="400">
                <Text as="p" tone="text-inverse">
                  The clip file isn't available.
                </Text>
              </Box>
            )}
          </div>
          <BlockStack gap="100">
            {waiting ? (
              <Checkbox label={`Select ${clip.productTitle}`} labelHidden={false} checked={selected} onChange={onSelect} />
            ) : (
              <Text as="h3" variant="headingSm">
                {clip.productTitle}
              </Text>
            )}
            <Text as="p" variant="bodySm" tone="subdued">
              {[clip.sku ? `SKU ${clip.sku}` : null, clip.aspectRatio].filter(Boolean).join(" · ")}
            </Text>
            <Text as="p" variant="bodySm" tone="subdued" breakWord>
              {clip.prompt}
            </Text>
            {clip.fidelityNote && (
              <Text as="p" variant="bodySm" tone="caution">
                {clip.fidelityNote}
              </Text>
            )}
          </BlockStack>
          <InlineStack gap="200" blockAlign="center">
            {waiting && (
              <>
                <Button variant="primary" onClick={onApprove} loading={busy}>
                  Approve
                </Button>
                <Button tone="critical" onClick={onReject} disabled={busy}>
                  Reject
                </Button>
              </>
            )}
            <Link url={`/app/jobs/${clip.id}`}>Timeline</Link>
          </InlineStack>
        </BlockStack>
      </Card>
    </article>
  );
});
