// A page of a batch's jobs: product, SKU, status in the merchant's words, and
// the action each status allows. On a phone the row is one stacked cell
// (Polaris's condensed IndexTable), so nothing hides off-screen to the right.
import { BlockStack, IndexTable, InlineStack, Link, Text, useBreakpoints, type PaginationProps } from "@shopify/polaris";
import type { ReactNode } from "react";
import { RETRYABLE_STATUSES, type JobStatus } from "~/jobs/status";
import { JobActionButton } from "./JobActionButton";
import { JobStatusBadge } from "./JobStatusBadge";
import { JobStatusDetail } from "./JobStatusDetail";
import { ClipPoster } from "./ClipPoster";
import { WatchClipLink } from "./WatchClipLink";

export interface JobsTableRow {
  id: string;
  productId: string;
  productTitle: string;
  sku: string | null;
  imageUrl: string;
  status: JobStatus;
  errorMessage: string | null;
  errorCode?: string | null;
  pausedReason?: string | null;
  /** Whether the provider ever took the render: a cancelled job that never reached it reads "Not started". */
  reachedProvider?: boolean;
  outputUrl: string | null;
  /** The clip and its poster frame from the app's clip store, once the clip is checked. */
  clipUrl?: string | null;
  posterUrl?: string | null;
  renderStartedAt: string | null;
}

export function JobsTable(props: {
  jobs: JobsTableRow[];
  serverNow: string;
  typicalRenderSeconds: number;
  embedded: boolean;
  pagination: PaginationProps;
  emptyState: ReactNode;
}) {
  // The server cannot know the width: wide first, condensed once the browser says it is narrow (no hydration mismatch).
  const { smDown } = useBreakpoints({ defaults: { smDown: false } });
  const product = (job: JobsTableRow) => (
    <InlineStack gap="300" blockAlign="center" wrap={false}>
      <ClipPoster posterUrl={job.posterUrl ?? null} imageUrl={job.imageUrl} productTitle={job.productTitle} />
      <Text as="span" fontWeight="semibold">
        {job.productTitle}
      </Text>
    </InlineStack>
  );
  const status = (job: JobsTableRow) => (
    <BlockStack gap="100" inlineAlign="start">
      <JobStatusBadge status={job.status} pausedReason={job.pausedReason} reachedProvider={job.reachedProvider} />
      <JobStatusDetail
        status={job.status}
        productId={job.productId}
        errorMessage={job.errorMessage}
        errorCode={job.errorCode}
        pausedReason={job.pausedReason}
        renderStartedAt={job.renderStartedAt}
        serverNow={props.serverNow}
        typicalRenderSeconds={props.typicalRenderSeconds}
        embedded={props.embedded}
      />
    </BlockStack>
  );
  const actions = (job: JobsTableRow) => (
    <InlineStack gap="200" blockAlign="center" wrap>
      {RETRYABLE_STATUSES.includes(job.status) && <JobActionButton intent="retry" jobId={job.id} label="Retry" />}
      {job.status === "queued" && <JobActionButton intent="cancel" jobId={job.id} label="Cancel" />}
      <WatchClipLink url={job.clipUrl ?? null} />
      <Link url={`/app/jobs/${job.id}`}>Timeline</Link>
    </InlineStack>
  );
  return (
    <IndexTable
      condensed={smDown}
      resourceName={{ singular: "video", plural: "videos" }}
      itemCount={props.jobs.length}
      selectable={false}
      emptyState={props.emptyState}
      pagination={props.pagination.hasNext || props.pagination.hasPrevious ? props.pagination : undefined}
      headings={[{ title: "Product" }, { title: "SKU" }, { title: "Status" }, { title: "Actions" }]}
    >
      {props.jobs.map((job, index) => (
        <IndexTable.Row id={job.id} key={job.id} position={index}>
          {smDown ? (
            <IndexTable.Cell>
              <BlockStack gap="200">
                {product(job)}
                {job.sku && (
                  <Text as="span" variant="bodySm" tone="subdued">
                    SKU {job.sku}
                  </Text>
                )}
                {status(job)}
                {actions(job)}
              </BlockStack>
            </IndexTable.Cell>
          ) : (
            <>
              <IndexTable.Cell>{product(job)}</IndexTable.Cell>
              <IndexTable.Cell>{job.sku ?? "—"}</IndexTable.Cell>
              <IndexTable.Cell>{status(job)}</IndexTable.Cell>
              <IndexTable.Cell>{actions(job)}</IndexTable.Cell>
            </>
          )}
        </IndexTable.Row>
      ))}
    </IndexTable>
  );
}
