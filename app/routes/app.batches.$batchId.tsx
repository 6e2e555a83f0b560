// /app/batches/<id>: every video of a batch with its status in the merchant's
// words, filtered by state, 50 at a time; retry, cancel and export. Refreshes
// itself while anything is still on its way.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { Banner, BlockStack, Card, InlineStack, Layout, Link, Tabs, Text } from "@shopify/polaris";
import { loadBatchPage } from "~/admin-ui/batch-page.server";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { BatchProgress } from "~/admin-ui/components/BatchProgress";
import { ExportButtons } from "~/admin-ui/components/ExportButtons";
import { JobActionButton } from "~/admin-ui/components/JobActionButton";
import { JobsTable } from "~/admin-ui/components/JobsTable";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { formatCount, formatDateTime, plural } from "~/merchant-copy/format";
import { useShopifyAdminFeatures } from "~/admin-ui/layout";
import { runMerchantAction } from "~/admin-ui/merchant-action.server";
import { shopTimeZone } from "~/admin-ui/shop-time-zone.server";
import { STATUS_FILTERS, totalOf, unfinishedIn } from "~/admin-ui/status-filters";
import { countIn } from "~/jobs/status";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { adminContext } from "~/auth/admin-context.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const ctx = webPipeline();
  const [page, timeZone] = await Promise.all([
    loadBatchPage(ctx.db, shop, params.batchId ?? "", new URL(request.url).searchParams),
    shopTimeZone(ctx, shop),
  ]);
  return json({ ...page, timeZone });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const form = await readForm(request);
  // Batch-wide actions act on the batch in the URL, never on one named in the form.
  form.set("batchId", params.batchId ?? "");
  const outcome = await runMerchantAction(webPipeline(), shop, form);
  return json(outcome, { status: outcome.ok ? 200 : 409 });
}

/** What the generate page tells this page through the URL after creating the batch. */
function CreationNotices() {
  const [params, setParams] = useSearchParams();
  const notes: string[] = [];
  const count = (key: string) => Number(params.get(key) ?? 0);
  if (count("reused") > 0)
    notes.push(`Not made again, because the same video is already on its way or live: ${plural(count("reused"), "product")}.`);
  if (count("withoutImage") > 0) notes.push(`Left out, because they have no product image: ${plural(count("withoutImage"), "product")}.`);
  if (count("missing") > 0) notes.push(`Left out, because they are no longer in your store: ${plural(count("missing"), "chosen item")}.`);
  if (count("truncated") > 0)
    notes.push(`Only the first ${formatCount(count("truncated"))} products were added; start another batch for the rest.`);
  if (count("leftOut") > 0)
    notes.push(
      `Not made, as you chose to make only the first ones: ${plural(count("leftOut"), "product")}. Start another batch for them later.`,
    );
  if (notes.length === 0) return null;
  const dismiss = () => {
    const next = new URLSearchParams(params);
    for (const key of ["reused", "withoutImage", "missing", "truncated", "leftOut"]) next.delete(key);
    setParams(next, { replace: true, preventScrollReset: true });
  };
  return (
    <Banner tone="info" onDismiss={dismiss}>
      <BlockStack gap="100">
        {notes.map((n) => (
          <p key={n}>{n}</p>
        ))}
      </BlockStack>
    </Banner>
  );
}

export default function BatchPage() {
  const data = useLoaderData<typeof loader>();
  useLiveRefresh(unfinishedIn(data.counts) > 0 || Boolean(data.batch.preparing));

  return (
    <AdminPage
      title={data.batch.title}
      subtitle={`Started ${formatDateTime(data.batch.createdAt, data.timeZone)}`}
      backAction={{ content: "Home", url: "/app" }}
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            <CreationNotices />
            {data.batch.stoppedReason && (
              <Banner
                tone="warning"
                title={(data.counts.paused ?? 0) > 0 ? "Paused: monthly budget reached" : "Sending stopped"}
                action={{ content: "Raise the budget in Settings", url: "/app/settings" }}
              >
                <p>{data.batch.stoppedReason}</p>
              </Banner>
            )}
            {data.batch.preparing && (
              <Banner tone="info" title="Preparing this batch">
                <p>{data.batch.preparing}</p>
              </Banner>
            )}
            {data.batch.failedReason && (
              <Banner tone="critical" title="This batch could not be prepared">
                <p>{data.batch.failedReason}</p>
              </Banner>
            )}
            {data.batch.preparing || data.batch.failedReason ? null : totalOf(data.counts) === 0 ? <NothingNewToMake /> : <BatchVideos />}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

/** Every product of the request was already covered, so the batch holds no video. */
function NothingNewToMake() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Nothing new to make
        </Text>
        <Text as="p">
          Every product in this request already has the same video on its way or live on its product page, so no video was started and no
          credits were used.
        </Text>
        <InlineStack gap="300">
          <Link url="/app">Follow your videos on Home</Link>
          <Link url="/app/generate">Make a different video</Link>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/** The batch's progress, its actions and its videos, filtered by state. */
function BatchVideos() {
  const data = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const adminLinks = useShopifyAdminFeatures();
  const tabs = STATUS_FILTERS.filter((f) => f.id === "all" || f.id === data.filter || countIn(data.counts, f.statuses) > 0);
  const selectedTab = Math.max(
    0,
    tabs.findIndex((f) => f.id === data.filter),
  );
  const page = (cursor: Record<string, string>) => {
    const next = new URLSearchParams({ status: data.filter, ...cursor });
    setParams(next, { preventScrollReset: true });
  };
  const failed = data.counts.failed ?? 0;
  const notStarted = data.counts.queued ?? 0;

  return (
    <>
      <Card>
        <BlockStack gap="300">
          <BatchProgress counts={data.counts} etaSeconds={data.etaSeconds} />
          <InlineStack gap="200" align="space-between" blockAlign="start">
            <InlineStack gap="200">
              {failed > 0 && <JobActionButton intent="retry-failed" label="Retry failed" size="medium" landOn="?status=in-progress" />}
              {notStarted > 0 && (
                <JobActionButton
                  intent="cancel-not-started"
                  label="Cancel what has not started"
                  size="medium"
                  confirm={{
                    title: `Cancel ${plural(notStarted, "video")} that have not started?`,
                    body: `${plural(notStarted, "video")} not yet sent to the video studio will not be made. Nothing has been charged for them; videos already rendering or finished are kept. To make them later, start a new batch.`,
                    confirmLabel: "Cancel videos",
                  }}
                />
              )}
            </InlineStack>
            <ExportButtons batchId={data.batch.id} />
          </InlineStack>
        </BlockStack>
      </Card>
      <Card padding="0">
        <Tabs
          tabs={tabs.map((f) => ({
            id: f.id,
            content: f.label,
            badge: formatCount(countIn(data.counts, f.statuses)),
            panelID: "batch-videos",
          }))}
          selected={selectedTab}
          onSelect={(index) => setParams(new URLSearchParams({ status: tabs[index].id }), { preventScrollReset: true })}
        />
        <div id="batch-videos">
          <JobsTable
            jobs={data.jobs}
            serverNow={data.serverNow}
            typicalRenderSeconds={data.typicalRenderSeconds}
            embedded={adminLinks}
            emptyState={
              <Text as="p" tone="subdued" alignment="center">
                No videos in this view.
              </Text>
            }
            pagination={{
              hasPrevious: Boolean(data.previousBefore),
              onPrevious: () => data.previousBefore && page({ before: data.previousBefore }),
              hasNext: Boolean(data.nextAfter),
              onNext: () => data.nextAfter && page({ after: data.nextAfter }),
            }}
          />
        </div>
      </Card>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
