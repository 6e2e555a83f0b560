// /app/review: finished clips waiting for the merchant (shops that turned
// auto-publish off). Watch each one, then Approve (publish) or Reject.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, InlineGrid, InlineStack, Layout, Pagination, Text } from "@shopify/polaris";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { ClipReviewCard } from "~/admin-ui/components/ClipReviewCard";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { EMPTY_STATE_IMAGE } from "~/admin-ui/empty-state-image";
import { plural } from "~/merchant-copy/format";
import { runMerchantAction } from "~/admin-ui/merchant-action.server";
import { loadReviewQueue } from "~/admin-ui/review-queue.server";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return json(await loadReviewQueue(webPipeline().db, shop, new URL(request.url).searchParams));
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const outcome = await runMerchantAction(webPipeline(), shop, await readForm(request));
  return json(outcome, { status: outcome.ok ? 200 : 409 });
}

export default function ReviewClips() {
  const queue = useLoaderData<typeof loader>();
  return (
    <AdminPage
      title="Review clips"
      subtitle={queue.total > 0 ? `${plural(queue.total, "clip")} waiting` : undefined}
      backAction={{ content: "Home", url: "/app" }}
    >
      <Layout>
        {queue.autoPublish && queue.total > 0 && (
          <Layout.Section>
            <Banner tone="info">
              <p>Auto-publish is on, so new clips go live without review. These were made while it was off.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          {queue.clips.length === 0 ? (
            <Card>
              <EmptyState
                heading="No clips are waiting for review"
                image={EMPTY_STATE_IMAGE}
                action={queue.paged ? { content: "Back to the first page", url: "/app/review" } : undefined}
              >
                <p>
                  {queue.autoPublish
                    ? "Auto-publish is on: finished clips go straight to the product pages."
                    : "When a video is ready, it appears here for you to approve before it goes live."}
                </p>
              </EmptyState>
            </Card>
          ) : (
            <BlockStack gap="400">
              <InlineGrid columns={{ xs: 1, md: 2, lg: 3 }} gap="400">
                {queue.clips.map((clip) => (
                  <ClipReviewCard key={clip.id} clip={clip} />
                ))}
              </InlineGrid>
              {(queue.nextAfter || queue.paged) && (
                <InlineStack align="center">
                  <Pagination
                    hasPrevious={queue.paged}
                    previousURL="/app/review"
                    hasNext={Boolean(queue.nextAfter)}
                    nextURL={queue.nextAfter ? `/app/review?after=${encodeURIComponent(queue.nextAfter)}` : undefined}
                  />
                </InlineStack>
              )}
              <Text as="p" variant="bodySm" tone="subdued">
                Approved clips are added to their product pages within a minute or two.
              </Text>
            </BlockStack>
          )}
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
