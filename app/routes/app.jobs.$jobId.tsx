// /app/jobs/<id>: one video's details and its timeline (every status change,
// newest first, when and why, in the shop's time zone), with the action its
// status allows. Failures read as a sentence and an action; ids, codes and
// model names only under "Details".
import { formatMoney } from "~/billing/money";
import { chargeStatusLabel } from "~/billing/charge-status";
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineStack, Layout, Text } from "@shopify/polaris";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { JobActionButton } from "~/admin-ui/components/JobActionButton";
import { JobStatusBadge } from "~/admin-ui/components/JobStatusBadge";
import { DetailsRow } from "~/admin-ui/components/DetailsRow";
import { JobTimeline } from "~/admin-ui/components/JobTimeline";
import { ProductThumbnail } from "~/admin-ui/components/ProductThumbnail";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { WatchClipLink } from "~/admin-ui/components/WatchClipLink";
import { ClipPlayer } from "~/admin-ui/components/ClipPlayer";
import { plural } from "~/merchant-copy/format";
import { loadJobDetail } from "~/admin-ui/job-detail.server";
import { shopTimeZone } from "~/admin-ui/shop-time-zone.server";
import { describeProblem } from "~/providers/merchant-errors";
import { runMerchantAction } from "~/admin-ui/merchant-action.server";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { adminContext } from "~/auth/admin-context.server";
import { FINAL_STATUSES, RETRYABLE_STATUSES } from "~/jobs/status";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  const ctx = webPipeline();
  const [job, timeZone] = await Promise.all([loadJobDetail(ctx.db, shop, params.jobId ?? ""), shopTimeZone(ctx, shop)]);
  return json({ ...job, timeZone });
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
              <JobTimeline entries={job.timeline} timeZone={job.timeZone} />
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="300" blockAlign="center">
                <ProductThumbnail imageUrl={job.imageUrl} title={job.productTitle} />
                <JobStatusBadge status={job.status} pausedReason={job.pausedReason} reachedProvider={job.reachedProvider} />
              </InlineStack>
              {job.status === "failed" && <Problem errorCode={job.errorCode} errorMessage={job.errorMessage} />}
              {job.sku && <Text as="p">SKU {job.sku}</Text>}
              <Text as="p" tone="subdued">
                {job.prompt}
              </Text>
              <Text as="p" variant="bodySm" tone="subdued">
                {job.duration} seconds · {job.aspectRatio} · {job.model}
                {job.failoverUsed ? " (the provider used a backup model)" : ""}
              </Text>
              <DetailsRow
                details={[job.generationId && `Render ${job.generationId}`, `Model ${job.modelDetails}`].filter(Boolean).join(" · ")}
              />
              <Text as="p" variant="bodySm" tone="subdued">
                {job.credits !== null ? plural(job.credits, "credit") : `About ${plural(job.estimatedCredits, "credit")}`}
              </Text>
              {job.charge && (
                <Text as="p" variant="bodySm" tone="subdued">
                  {job.charge.status === "free"
                    ? "Free clip"
                    : `${formatMoney(job.charge.cents, job.charge.currency)} · ${chargeStatusLabel(job.charge.status)}`}
                </Text>
              )}
              {job.clipUrl && (
                <div style={{ width: "100%", aspectRatio: "1 / 1", borderRadius: 8, overflow: "hidden" }}>
                  <ClipPlayer
                    clipUrl={job.clipUrl}
                    posterUrl={job.posterUrl}
                    productTitle={job.productTitle}
                    aspectRatio={job.aspectRatio}
                  />
                </div>
              )}
              {job.fidelityScore !== null && (
                <Text as="p" variant="bodySm" tone={job.fidelityNote ? "caution" : "subdued"}>
                  Likeness to your product photo: {Math.round(job.fidelityScore * 100)}%{job.fidelityNote ? `. ${job.fidelityNote}` : ""}
                </Text>
              )}
              <WatchClipLink url={job.clipUrl} />
              <InlineStack gap="200">
                {RETRYABLE_STATUSES.some((s) => s === job.status) && <JobActionButton intent="retry" label="Retry" size="medium" />}
                {job.status === "queued" && <JobActionButton intent="cancel" label="Cancel" size="medium" />}
                {job.status === "awaiting_review" && <JobActionButton intent="approve" label="Approve" variant="primary" size="medium" />}
                {job.status === "awaiting_review" && (
                  <JobActionButton
                    intent="reject"
                    label="Reject"
                    tone="critical"
                    size="medium"
                    confirm={{
                      title: "Reject this clip?",
                      body: "It won't be published, and the credits spent on it are not refunded. You can undo this while the clip is still kept; after that only a new render (more credits) makes a clip for this product.",
                      confirmLabel: "Reject clip",
                    }}
                  />
                )}
                {job.canUndoReject && <JobActionButton intent="undo-reject" label="Undo reject" size="medium" />}
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

function Problem({ errorCode, errorMessage }: { errorCode: string | null; errorMessage: string | null }) {
  const problem = describeProblem(errorCode, errorMessage);
  return (
    <BlockStack gap="100">
      <Text as="p" tone="critical">
        {problem.sentence}
      </Text>
      <Text as="p">{problem.action}</Text>
      <DetailsRow details={problem.details} />
    </BlockStack>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
