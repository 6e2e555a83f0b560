// /app: Home. Recent batches and their progress, this month's credits against
// the budget, and what is waiting on the merchant: each banner leads to the
// action that fixes it, in a tone that matches how bad it is.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, EmptyState, InlineStack, Layout, Link, ProgressBar, Text } from "@shopify/polaris";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { BatchProgress } from "~/admin-ui/components/BatchProgress";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { loadDashboard } from "~/admin-ui/dashboard.server";
import { shopTimeZone } from "~/admin-ui/shop-time-zone.server";
import { describeProblem } from "~/providers/merchant-errors";
import { EMPTY_STATE_IMAGE } from "~/admin-ui/empty-state-image";
import { formatCount, formatDateTime, plural } from "~/merchant-copy/format";
import { unfinishedIn } from "~/admin-ui/status-filters";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const ctx = webPipeline();
  const [dashboard, timeZone] = await Promise.all([loadDashboard(ctx.db, shop), shopTimeZone(ctx, shop)]);
  return json({ ...dashboard, timeZone });
}

export default function Home() {
  const { batches, credits, waitingForReview, failed, pausedForBudget, live, timeZone } = useLoaderData<typeof loader>();
  useLiveRefresh(batches.some((b) => unfinishedIn(b.counts) > 0));

  if (batches.length === 0) {
    return (
      <AdminPage title="Catalog Motion">
        <Card>
          <EmptyState
            heading="Turn your product photos into videos"
            action={{ content: "Generate videos", url: "/app/generate" }}
            secondaryAction={{ content: "Import a CSV manifest", url: "/app/import" }}
            image={EMPTY_STATE_IMAGE}
          >
            <p>Choose products or a whole collection, and a short video appears on each product page.</p>
          </EmptyState>
        </Card>
      </AdminPage>
    );
  }

  const budgetUsed = credits.budget === 0 ? 100 : Math.min(100, Math.round((credits.spent / credits.budget) * 100));
  return (
    <AdminPage
      title="Catalog Motion"
      primaryAction={{ content: "Generate videos", url: "/app/generate" }}
      secondaryActions={[{ content: "Import CSV", url: "/app/import" }]}
    >
      <Layout>
        {(waitingForReview > 0 || failed.total > 0 || pausedForBudget > 0) && (
          <Layout.Section>
            <BlockStack gap="300">
              {pausedForBudget > 0 && (
                <Banner
                  tone="warning"
                  title={`Paused: monthly budget reached (${plural(pausedForBudget, "video")} waiting)`}
                  action={{ content: "Raise the budget", url: "/app/settings" }}
                >
                  <p>Nothing failed and nothing is lost. Raise the budget in Settings and the waiting videos are sent.</p>
                </Banner>
              )}
              {waitingForReview > 0 && (
                <Banner
                  tone="info"
                  title={`${plural(waitingForReview, "clip")} waiting for your review`}
                  action={{ content: "Review clips", url: "/app/review" }}
                >
                  <p>They go on the product pages once you approve them.</p>
                </Banner>
              )}
              {failed.total > 0 && (
                <Banner
                  // A few failures among many live videos are rows to retry, not an emergency.
                  tone={failed.total * 2 >= failed.total + live ? "critical" : "warning"}
                  title={`${plural(failed.total, "video")} failed`}
                  action={
                    failed.recent[0]
                      ? { content: "See failed videos", url: `/app/batches/${failed.recent[0].batchId}?status=failed` }
                      : undefined
                  }
                >
                  <BlockStack gap="100">
                    {failed.recent.map((job) => (
                      <Text as="p" key={job.id}>
                        <Link url={`/app/batches/${job.batchId}?status=failed`}>{job.productTitle}</Link>:{" "}
                        {describeProblem(job.errorCode, job.errorMessage).sentence}
                      </Text>
                    ))}
                    <Text as="p">Open the batch and choose Retry failed to try them again.</Text>
                  </BlockStack>
                </Banner>
              )}
            </BlockStack>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Recent batches
              </Text>
              {batches.map((batch) => (
                <BlockStack gap="200" key={batch.id}>
                  <InlineStack align="space-between" blockAlign="center">
                    <Link url={`/app/batches/${batch.id}`}>{batch.title}</Link>
                    <Text as="span" variant="bodySm" tone="subdued">
                      {formatDateTime(batch.createdAt, timeZone)}
                    </Text>
                  </InlineStack>
                  {batch.stoppedReason && (
                    <Text as="p" tone="caution">
                      {batch.stoppedReason} <Link url="/app/settings">Raise the budget</Link>
                    </Text>
                  )}
                  <BatchProgress counts={batch.counts} />
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Credits this month
              </Text>
              <ProgressBar progress={budgetUsed} size="small" tone={budgetUsed >= 100 ? "critical" : "primary"} />
              <Text as="p">
                {formatCount(credits.spent)} of {formatCount(credits.budget)} credits used
              </Text>
              <Link url="/app/settings">Change the monthly budget</Link>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
