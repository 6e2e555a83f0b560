// /app/jobs/<id>: one video's details and its timeline (every status change,
// when and why), with the action its status allows.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { JobActionButton } from "~/admin-ui/components/JobActionButton";
import { JobStatusBadge } from "~/admin-ui/components/JobStatusBadge";
import { JobTimeline } from "~/admin-ui/components/JobTimeline";
import { ProductThumbnail } from "~/admin-ui/components/ProductThumbnail";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { WatchClipLink } from "~/admin-ui/components/WatchClipLink";
import { plural } from "~/merchant-copy/format";
import { loadJobDetail } from "~/admin-ui/job-detail.server";
import { runMerchantAction } from "~/admin-ui/merchant-action.server";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { adminContext } from "~/auth/admin-context.server";
import { FINAL_STATUSES, RETRYABLE_STATUSES } from "~/jobs/status";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return json(await loadJobDetail(webPipeline().db, shop, params.jobId ?? ""));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const form = await readForm(request);
  // Acts on the job in the URL only.
  form.set("jobId", params.jobId ?? "");
  const outcome = await runMerchantAction(webPipeline(), shop, form);
  return json(outcome, { status: outcome.ok ? 200 : 409 });
}

export default function JobPage() {
  const job = useLoaderData<typeof loader>();
  useLiveRefresh(!FINAL_STATUSES.includes(job.status) && job.status !== "awaiting_review");
  return (
    <AdminPage title={job.productTitle} backAction={{ content: job.batchTitle, url: `/app/batches/${job.batchId}` }}>
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="400">
              <Text as="h2" variant="headingMd">
                Timeline
              </Text>
              <JobTimeline entries={job.timeline} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300" blockAlign="center">
                <ProductThumbnail imageUrl={job.imageUrl} title={job.productTitle} />
                <JobStatusBadge status={job.status} />
              </InlineStack>
              {job.errorMessage && job.status === "failed" && (
                <Text as="p" tone="critical">
                  {job.errorMessage}
                </Text>
              )}
              {job.sku && <Text as="p">SKU {job.sku}</Text>}
              <Text as="p" tone="subdued">
                {job.prompt}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {job.duration} seconds · {job.aspectRatio} · {job.model}
                {job.failoverUsed ? " (the provider used a backup model)" : ""}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {job.credits !== null ? plural(job.credits, "credit") : `About ${plural(job.estimatedCredits, "credit")}`}
              </Text>
              <WatchClipLink url={job.outputUrl} />
              <InlineStack gap="200">
                {RETRYABLE_STATUSES.some((s) => s === job.status) && <JobActionButton intent="retry" label="Retry" size="medium" />}
                {job.status === "queued" && <JobActionButton intent="cancel" label="Cancel" size="medium" />}
                {job.status === "awaiting_review" && <JobActionButton intent="approve" label="Approve" variant="primary" size="medium" />}
                {job.status === "awaiting_review" && <JobActionButton intent="reject" label="Reject" tone="critical" size="medium" />}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
