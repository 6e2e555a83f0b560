// /app/review: finished clips waiting for the merchant (shops that turned
// auto-publish off), grouped by product, 24 a page, filtered by batch and by
// where they stand. Select many and approve or reject them at once (a reject's
// toast offers Undo), or work through them by keyboard: j/k move, a approves,
// r rejects.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  EmptyState,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Pagination,
  Select,
  Tabs,
  Text,
} from "@shopify/polaris";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AdminPage } from "~/admin-ui/components/AdminPage";
import { ClipReviewCard } from "~/admin-ui/components/ClipReviewCard";
import { RouteErrorBoundary } from "~/admin-ui/components/RouteErrorBoundary";
import { useOutcomeToast } from "~/admin-ui/components/use-outcome-toast";
import { undoForm } from "~/admin-ui/action-outcome";
import { EMPTY_STATE_IMAGE } from "~/admin-ui/empty-state-image";
import { runMerchantAction } from "~/admin-ui/merchant-action.server";
import { isBulkReviewForm, runBulkReview, type BulkReviewOutcome } from "~/admin-ui/review-actions.server";
import { loadReviewQueue, type ClipForReview } from "~/admin-ui/review-queue.server";
import { REVIEW_VIEWS } from "~/admin-ui/review-views";
import { adminContext } from "~/auth/admin-context.server";
import { plural } from "~/merchant-copy/format";
import { webPipeline } from "~/pipeline/web-context.server";
import { readForm } from "~/security/body-limits.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { shop } = await adminContext(request);
  return json(await loadReviewQueue(webPipeline().db, shop, new URL(request.url).searchParams));
}

export async function action({ request }: ActionFunctionArgs) {
  const { shop } = await adminContext(request);
  const form = await readForm(request);
  const outcome = isBulkReviewForm(form)
    ? await runBulkReview(webPipeline(), shop, form)
    : await runMerchantAction(webPipeline(), shop, form);
  return json(outcome, { status: outcome.ok ? 200 : 409 });
}

/** Keys a merchant types into a field are theirs, not shortcuts. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

function ShortcutsHelp() {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          Keyboard shortcuts
        </Text>
        <dl style={{ margin: 0, display: "grid", gridTemplateColumns: "auto 1fr", gap: "4px 12px" }}>
          {[
            ["j", "Next clip"],
            ["k", "Previous clip"],
            ["a", "Approve the current clip"],
            ["r", "Reject the current clip (asks first)"],
          ].map(([key, what]) => (
            <div key={key} style={{ display: "contents" }}>
              <dt>
                <kbd>{key}</kbd>
              </dt>
              <dd style={{ margin: 0 }}>{what}</dd>
            </div>
          ))}
        </dl>
        <Text as="p" variant="bodySm" tone="subdued">
          Shortcuts work when the cursor is not in a field.
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function ReviewClips() {
  const queue = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const fetcher = useFetcher<BulkReviewOutcome>();
  // A reject's toast offers Undo: the clips come back to this page, waiting for review again.
  useOutcomeToast(fetcher.state === "idle" ? fetcher.data : null, (undo) => fetcher.submit(undoForm(undo), { method: "post" }));

  const clips = useMemo(() => queue.groups.flatMap((g) => g.clips), [queue.groups]);
  const waitingIds = useMemo(() => clips.filter((c) => c.status === "awaiting_review").map((c) => c.id), [clips]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [current, setCurrent] = useState(0);
  const [rejecting, setRejecting] = useState<string[] | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const cards = useRef<(HTMLElement | null)[]>([]);

  // A new page or filter starts with nothing selected; clips that moved leave the selection.
  useEffect(() => {
    setSelected((old) => new Set([...old].filter((id) => waitingIds.includes(id))));
    setCurrent((i) => Math.min(i, Math.max(0, clips.length - 1)));
  }, [waitingIds, clips.length]);

  const busyIds = useMemo(
    () => (fetcher.state === "idle" ? new Set<string>() : new Set(fetcher.formData?.getAll("jobId").map(String) ?? [])),
    [fetcher.state, fetcher.formData],
  );

  const submit = useCallback(
    (intent: "approve-selected" | "reject-selected", ids: string[]) => {
      if (ids.length === 0) return;
      const form = new FormData();
      form.set("intent", intent);
      for (const id of ids) form.append("jobId", id);
      fetcher.submit(form, { method: "post" });
    },
    [fetcher],
  );

  const titleOf = useCallback((id: string) => clips.find((c) => c.id === id)?.productTitle ?? "the clip", [clips]);
  const approve = useCallback(
    (ids: string[]) => {
      submit("approve-selected", ids);
      setAnnouncement(ids.length === 1 ? `Approving ${titleOf(ids[0])}` : `Approving ${plural(ids.length, "clip")}`);
    },
    [submit, titleOf],
  );

  const move = useCallback(
    (by: number) => {
      if (clips.length === 0) return;
      const next = Math.min(clips.length - 1, Math.max(0, current + by));
      setCurrent(next);
      cards.current[next]?.focus();
      cards.current[next]?.scrollIntoView({ block: "nearest" });
      setAnnouncement(`${clips[next].productTitle}, clip ${next + 1} of ${clips.length}`);
    },
    [clips, current],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.metaKey || event.ctrlKey || event.altKey || typingIn(event.target) || rejecting) return;
      const clip: ClipForReview | undefined = clips[current];
      if (event.key === "j") move(1);
      else if (event.key === "k") move(-1);
      else if (event.key === "a" && clip?.status === "awaiting_review") approve([clip.id]);
      else if (event.key === "r" && clip?.status === "awaiting_review") setRejecting([clip.id]);
      else return;
      event.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [clips, current, move, approve, rejecting]);

  const show = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("after");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next, { preventScrollReset: true });
  };
  const nextPage = () => {
    if (!queue.nextAfter) return;
    const next = new URLSearchParams(params);
    next.set("after", queue.nextAfter);
    setParams(next);
  };
  const firstPage = () => show({});

  const selectedIds = [...selected];
  const allSelected = waitingIds.length > 0 && waitingIds.every((id) => selected.has(id));
  const viewIndex = Math.max(
    0,
    REVIEW_VIEWS.findIndex((v) => v.id === queue.view),
  );
  const waitingView = queue.view === "waiting";
  const twice = queue.groups.filter(
    (g) => g.clips.filter((c) => selected.has(c.id)).length > 1 || (g.liveFromApp > 0 && g.clips.some((c) => selected.has(c.id))),
  );

  return (
    <AdminPage
      title="Review clips"
      subtitle={
        queue.total > 0
          ? `${plural(queue.total, "clip")} ${waitingView ? "waiting" : REVIEW_VIEWS[viewIndex].label.toLowerCase()}`
          : undefined
      }
      backAction={{ content: "Home", url: "/app" }}
      primaryAction={
        waitingView && selectedIds.length > 0
          ? { content: `Approve ${plural(selectedIds.length, "clip")}`, onAction: () => approve(selectedIds) }
          : undefined
      }
    >
      <div
        aria-live="polite"
        role="status"
        style={{ position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)" }}
      >
        {announcement}
      </div>
      <Layout>
        {queue.autoPublish && waitingView && queue.total > 0 && (
          <Layout.Section>
            <Banner tone="info">
              <p>Auto-publish is on, so new clips go live without review. These were made while it was off.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <BlockStack gap="400">
            <Card padding="0">
              <Tabs
                tabs={REVIEW_VIEWS.map((v) => ({ id: `review-${v.id}`, content: v.label }))}
                selected={viewIndex}
                onSelect={(index) => show({ status: index === 0 ? null : REVIEW_VIEWS[index].id })}
              />
            </Card>
            <Card>
              <InlineStack gap="400" align="space-between" blockAlign="end" wrap>
                <div style={{ minWidth: 220, flex: "1 1 220px" }}>
                  <Select
                    label="Batch"
                    options={[{ label: "All batches", value: "" }, ...queue.batches.map((b) => ({ label: b.title, value: b.id }))]}
                    value={queue.batch?.id ?? ""}
                    onChange={(value) => show({ batch: value || null })}
                  />
                </div>
                {waitingView && waitingIds.length > 0 && (
                  <InlineStack gap="300" blockAlign="center" wrap>
                    <Checkbox
                      label="Select all on this page"
                      checked={allSelected ? true : selected.size > 0 ? "indeterminate" : false}
                      onChange={(checked) => setSelected(checked ? new Set(waitingIds) : new Set())}
                    />
                    <Text as="span" tone="subdued">
                      {plural(selected.size, "clip")} selected
                    </Text>
                    <Button
                      variant="primary"
                      disabled={selected.size === 0}
                      loading={fetcher.state !== "idle"}
                      onClick={() => approve(selectedIds)}
                    >
                      Approve selected
                    </Button>
                    <Button
                      tone="critical"
                      disabled={selected.size === 0 || fetcher.state !== "idle"}
                      onClick={() => setRejecting(selectedIds)}
                    >
                      Reject selected
                    </Button>
                  </InlineStack>
                )}
              </InlineStack>
            </Card>
            {twice.length > 0 && (
              <Banner tone="warning">
                <p>
                  Approving adds another video to{" "}
                  {twice.length === 1 ? `“${twice[0].productTitle}”, which` : `${plural(twice.length, "product")} that`} already{" "}
                  {twice.length === 1 ? "has" : "have"} a clip from the app or more than one selected.
                </p>
              </Banner>
            )}
            {clips.length === 0 ? (
              <Card>
                <EmptyState
                  heading={waitingView ? "No clips are waiting for review" : `No ${REVIEW_VIEWS[viewIndex].label.toLowerCase()} clips`}
                  image={EMPTY_STATE_IMAGE}
                  action={queue.paged || queue.batch ? { content: "Show every clip waiting", url: "/app/review" } : undefined}
                >
                  <p>
                    {queue.autoPublish
                      ? "Auto-publish is on: finished clips go straight to the product pages."
                      : "When a video is ready, it appears here for you to approve before it goes live."}
                  </p>
                </EmptyState>
              </Card>
            ) : (
              queue.groups.map((group) => (
                <section key={`${group.productId}-${group.clips[0].id}`} aria-label={group.productTitle}>
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center" wrap>
                      <Text as="h2" variant="headingMd">
                        {group.productTitle}
                      </Text>
                      {group.liveFromApp > 0 && (
                        <Text as="span" tone="caution">
                          This product already has {group.liveFromApp === 1 ? "a clip" : plural(group.liveFromApp, "clip")} from the app on
                          its page.
                        </Text>
                      )}
                      {waitingView && group.waiting > 1 && (
                        <Text as="span" tone="subdued">
                          {plural(group.waiting, "clip")} of it are waiting; approving more than one adds each to the product page.
                        </Text>
                      )}
                    </InlineStack>
                    <InlineGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="400">
                      {group.clips.map((clip) => {
                        const index = clips.indexOf(clip);
                        return (
                          <ClipReviewCard
                            key={clip.id}
                            ref={(node) => {
                              cards.current[index] = node;
                            }}
                            clip={clip}
                            current={index === current}
                            onFocus={() => setCurrent(index)}
                            selected={selected.has(clip.id)}
                            onSelect={(checked) =>
                              setSelected((old) => {
                                const next = new Set(old);
                                if (checked) next.add(clip.id);
                                else next.delete(clip.id);
                                return next;
                              })
                            }
                            busy={busyIds.has(clip.id)}
                            onApprove={() => approve([clip.id])}
                            onReject={() => setRejecting([clip.id])}
                          />
                        );
                      })}
                    </InlineGrid>
                  </BlockStack>
                </section>
              ))
            )}
            {(queue.nextAfter || queue.paged) && (
              <InlineStack align="center">
                <Pagination
                  hasPrevious={queue.paged}
                  onPrevious={firstPage}
                  previousTooltip="First page"
                  hasNext={Boolean(queue.nextAfter)}
                  onNext={nextPage}
                  label={queue.paged ? "Later clips" : "First clips"}
                />
              </InlineStack>
            )}
            {waitingView && clips.length > 0 && (
              <Text as="p" variant="bodySm" tone="subdued">
                Approved clips are added to their product pages within a minute or two.
              </Text>
            )}
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ShortcutsHelp />
        </Layout.Section>
      </Layout>
      <Modal
        open={rejecting !== null}
        onClose={() => setRejecting(null)}
        title={rejecting && rejecting.length > 1 ? `Reject ${plural(rejecting.length, "clip")}?` : "Reject this clip?"}
        primaryAction={{
          content: rejecting && rejecting.length > 1 ? `Reject ${plural(rejecting.length, "clip")}` : "Reject clip",
          destructive: true,
          onAction: () => {
            if (rejecting) {
              submit("reject-selected", rejecting);
              setAnnouncement(
                rejecting.length === 1 ? `Rejecting ${titleOf(rejecting[0])}` : `Rejecting ${plural(rejecting.length, "clip")}`,
              );
            }
            setRejecting(null);
          },
        }}
        secondaryActions={[{ content: "Keep for review", onAction: () => setRejecting(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            A rejected clip is never published, and the credits for making it are already spent. You can undo the reject while the clip is
            still kept; to get another clip later, retry it from its timeline, which renders it again.
          </Text>
        </Modal.Section>
      </Modal>
    </AdminPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
