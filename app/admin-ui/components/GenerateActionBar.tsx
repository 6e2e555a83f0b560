// The Generate page's primary action, in a bar along the bottom of the app's
// frame that stays in view however far the page is scrolled: the product list
// can be long, and the merchant should never scroll past it to press Generate.
// The bar sits in the page's reading order right after the video's settings
// (before the list), so a keyboard reaches it in a few Tab presses; the page
// leaves room at its end (GenerateActionBarSpace) so the bar covers nothing.
import { Box, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";

const BAR_HEIGHT_PX = 72;

export function GenerateActionBar({ summary, cost, busy }: { summary: string; cost: string | null; busy: boolean }) {
  return (
    <div role="region" aria-label="Generate videos" style={{ position: "fixed", insetInline: 0, bottom: 0, zIndex: 30 }}>
      <Box background="bg-surface" borderBlockStartWidth="025" borderColor="border" shadow="300" paddingBlock="300" paddingInline="400">
        <div style={{ maxWidth: 998, margin: "0 auto" }}>
          <InlineStack align="space-between" blockAlign="center" gap="300" wrap={false}>
            <BlockStack gap="050">
              <Text as="p" fontWeight="semibold">
                {summary}
              </Text>
              {cost && (
                <Text as="p" variant="bodySm" tone="subdued">
                  {cost}
                </Text>
              )}
            </BlockStack>
            <Button submit variant="primary" size="large" loading={busy}>
              Generate videos
            </Button>
          </InlineStack>
        </div>
      </Box>
    </div>
  );
}

/** Room at the end of the page for the bar, so the last row of the list can be scrolled above it. */
export function GenerateActionBarSpace() {
  return <div aria-hidden style={{ height: BAR_HEIGHT_PX + 16 }} />;
}
