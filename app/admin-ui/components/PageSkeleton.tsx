// Shown while the next page loads, the way Shopify admin pages load.
import { Card, Layout, SkeletonBodyText, SkeletonDisplayText, SkeletonPage, BlockStack } from "@shopify/polaris";

export function PageSkeleton() {
  return (
    <SkeletonPage primaryAction>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <SkeletonDisplayText size="small" />
              <SkeletonBodyText lines={6} />
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </SkeletonPage>
  );
}
