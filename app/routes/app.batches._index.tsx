// /app/batches: every batch, newest first, filtered by what a merchant asks
// ("what still runs?", "what waits for me?", "what came from the CSV?"), 25 a
// page. A row opens its batch.
import { json, type LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Text,
  useBreakpoints,
  useSetIndexFiltersMode,
  type BadgeProps,
} from "@shopify/polaris";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { BATCH_SOURCE_LABELS, BATCH_STATE_FILTERS, type BatchSourceId } from "~/admin-ui/batch-filters";
import { loadBatchesIndex, type BatchListRow } from "~/admin-ui/batches-index.server";
import { EMPTY_STATE_IMAGE } from "~/admin-ui/empty-state-image";
import { totalOf, unfinishedIn } from "~/admin-ui/status-filters";
import { useLiveRefresh } from "~/admin-ui/use-live-refresh";
import { adminContext } from "~/auth/admin-context.server";
import { formatCount, formatDateTime } from "~/merchant-copy/format";
import { webPipeline } from "~/pipeline/web-context.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return json(await loadBatchesIndex(webPipeline().db, shop, new URL(request.url).searchParams));
}

/** Where a batch stands, in one badge: its tone says how much it needs the merchant. */
function batchState(batch: BatchListRow): { label: string; tone?: BadgeProps["tone"] } {
  if (batch.preparing) return { label: "Being prepared", tone: "info" };
  if (batch.failedReason) return { label: "Couldn't be prepared", tone: "warning" };
  if (unfinishedIn(batch.counts) > 0) return { label: "In progress", tone: "info" };
  if ((batch.counts.awaiting_review ?? 0) > 0) return { label: "Waiting for your review", tone: "attention" };
  if ((batch.counts.failed ?? 0) > 0) return { label: "Finished with failures", tone: "warning" };
  return { label: "Finished", tone: "success" };
}

function progressOf(batch: BatchListRow): string {
  const total = totalOf(batch.counts);
  if (batch.preparing) return "Reading products…";
  const live = batch.counts.published ?? 0;
  const failed = batch.counts.failed ?? 0;
  return `${formatCount(live)} of ${formatCount(total)} live${failed > 0 ? ` · ${formatCount(failed)} failed` : ""}`;
}

const SOURCE_CHOICES = Object.entries(BATCH_SOURCE_LABELS).map(([value, label]) => ({ value, label }));

export default function BatchesIndex() {
  const data = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const { mode, setMode } = useSetIndexFiltersMode();
  // The server cannot know the width: wide first, condensed once the browser says it is narrow (no hydration mismatch).
  const { smDown } = useBreakpoints({ defaults: { smDown: false } });
  useLiveRefresh(data.batches.some((b) => b.preparing || unfinishedIn(b.counts) > 0));

  const selectedTab = Math.max(
    0,
    BATCH_STATE_FILTERS.findIndex((f) => f.id === data.state),
  );
  const show = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { preventScrollReset: true });
  };
  const page = (key: "after" | "before", id: string) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    next.delete("before");
    next.set(key, id);
    setParams(next);
  };

  const sourceFilter = data.source === "all" ? [] : [data.source];
  const rows = data.batches.map((batch, index) => {
    const state = batchState(batch);
    const title = (
      <Link dataPrimaryLink url={`/app/batches/${batch.id}`} removeUnderline monochrome>
        <Text as="span" fontWeight="semibold">
          {batch.title}
        </Text>
      </Link>
    );
    return (
      <IndexTable.Row id={batch.id} key={batch.id} position={index} onClick={() => navigate(`/app/batches/${batch.id}`)}>
        {smDown ? (
          <IndexTable.Cell>
            <BlockStack gap="100">
              {title}
              <InlineStack gap="200" blockAlign="center">
                <Badge tone={state.tone}>{state.label}</Badge>
                <Text as="span" variant="bodySm" tone="subdued">
                  {progressOf(batch)}
                </Text>
              </InlineStack>
              <Text as="span" variant="bodySm" tone="subdued">
                {batch.sourceLabel} · {formatDateTime(batch.createdAt)}
              </Text>
            </BlockStack>
          </IndexTable.Cell>
        ) : (
          <>
            <IndexTable.Cell>{title}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={state.tone}>{state.label}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>{progressOf(batch)}</IndexTable.Cell>
            <IndexTable.Cell>{batch.sourceLabel}</IndexTable.Cell>
            <IndexTable.Cell>{formatDateTime(batch.createdAt)}</IndexTable.Cell>
          </>
        )}
      </IndexTable.Row>
    );
  });

  return (
    <AdminPage
      title="Batches"
      backAction={{ content: "Home", url: "/app" }}
      primaryAction={{ content: "Generate videos", url: "/app/generate" }}
    >
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              tabs={BATCH_STATE_FILTERS.map((f) => ({ id: f.id, content: f.label }))}
              selected={selectedTab}
              onSelect={(index) => show({ status: index === 0 ? null : BATCH_STATE_FILTERS[index].id })}
              canCreateNewView={false}
              hideQueryField
              queryValue=""
              onQueryChange={() => {}}
              onQueryClear={() => {}}
              cancelAction={{ onAction: () => {} }}
              filters={[
                {
                  key: "source",
                  label: "Source",
                  shortcut: true,
                  filter: (
                    <ChoiceList
                      title="Source"
                      titleHidden
                      choices={SOURCE_CHOICES}
                      selected={sourceFilter}
                      onChange={(chosen) => show({ source: chosen[0] ?? null })}
                    />
                  ),
                },
              ]}
              appliedFilters={
                data.source === "all"
                  ? []
                  : [
                      {
                        key: "source",
                        label: `Source: ${BATCH_SOURCE_LABELS[data.source as BatchSourceId]}`,
                        onRemove: () => show({ source: null }),
                      },
                    ]
              }
              onClearAll={() => show({ source: null })}
              mode={mode}
              setMode={setMode}
            />
            <IndexTable
              resourceName={{ singular: "batch", plural: "batches" }}
              itemCount={data.batches.length}
              selectable={false}
              condensed={smDown}
              headings={[{ title: "Batch" }, { title: "Status" }, { title: "Progress" }, { title: "Source" }, { title: "Started" }]}
              emptyState={
                <EmptyState
                  heading={data.state === "all" && data.source === "all" ? "No batches yet" : "No batches match these filters"}
                  image={EMPTY_STATE_IMAGE}
                  action={
                    data.state === "all" && data.source === "all"
                      ? { content: "Generate videos", url: "/app/generate" }
                      : { content: "Show all batches", url: "/app/batches" }
                  }
                >
                  <p>Each request to make videos (from the app, a product page, a collection or a CSV file) becomes a batch here.</p>
                </EmptyState>
              }
              pagination={
                data.previousBefore || data.nextAfter
                  ? {
                      hasPrevious: Boolean(data.previousBefore),
                      hasNext: Boolean(data.nextAfter),
                      onPrevious: () => data.previousBefore && page("before", data.previousBefore),
                      onNext: () => data.nextAfter && page("after", data.nextAfter),
                    }
                  : undefined
              }
            >
              {rows}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
