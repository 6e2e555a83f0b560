// "Generate videos" for the products selected in the product list: one batch,
// with the count and the total price before confirming, then its progress.
import { render } from "preact";
import { useCallback } from "preact/hooks";
import { MAX_SELECTED_PRODUCTS, type FormOptions } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { formatCount, plural } from "../../shared/copy";
import { CostSummary } from "../../shared/CostSummary";
import { BatchProgressView, ErrorBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TITLE = "Generate videos";

export default async () => {
  render(<BulkVideoAction />, document.body);
};

function close() {
  shopify.close();
}

function BulkVideoAction() {
  const loaded = useLoaded(api.form);
  if (!loaded) {
    return (
      <s-admin-action heading={TITLE} loading>
        <Loading label="Loading your video settings" />
      </s-admin-action>
    );
  }
  if (!loaded.ok) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <ErrorBanner error={loaded.error} title="Catalog Motion could not be loaded" />
      </s-admin-action>
    );
  }
  return <BulkForm form={loaded.form} productIds={shopify.data.selected.map((s) => s.id)} />;
}

function BulkForm({ form, productIds }: { form: FormOptions; productIds: string[] }) {
  const state = useVideoForm(form);
  const { submission, submit } = useSubmission();
  const batchId = submission.phase === "sent" ? submission.created.batch.id : null;
  const followBatch = useCallback(() => api.batch(batchId ?? ""), [batchId]);
  const progress = usePolling(batchId ? followBatch : null, (d) => d.batch.finished === d.batch.jobCount);

  if (submission.phase === "sent") {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="primary-action" onClick={close}>
          Done
        </s-button>
        <s-stack gap="base">
          <RequestOutcome created={submission.created} />
          {progress?.ok && <BatchProgressView batch={progress.batch} />}
          {progress && !progress.ok && <ErrorBanner error={progress.error} title="The progress could not be refreshed" />}
        </s-stack>
      </s-admin-action>
    );
  }

  const tooMany = productIds.length > MAX_SELECTED_PRODUCTS;
  const sending = submission.phase === "sending";
  return (
    <s-admin-action heading={TITLE} loading={sending}>
      <s-button
        slot="primary-action"
        variant="primary"
        disabled={!state.valid || sending || tooMany}
        onClick={() => submit(() => api.generate(productIds, "bulk-action", state.options))}
      >
        {`Generate ${plural(productIds.length, "video")}`}
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        Cancel
      </s-button>
      <s-stack gap="base">
        <s-paragraph>
          <s-text type="strong">{`${plural(productIds.length, "product")} selected`}</s-text>
        </s-paragraph>
        {tooMany && (
          <s-banner tone="warning" heading={`Choose up to ${formatCount(MAX_SELECTED_PRODUCTS)} products at a time`}>
            For more, put the products in a collection and use "Generate videos" on the collection page.
          </s-banner>
        )}
        {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
        <VideoFormFields form={form} state={state} disabled={sending} />
        <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={productIds.length} />
      </s-stack>
    </s-admin-action>
  );
}
