// "Generate videos" for the products selected in the product list: one batch,
// with the count and the total price before confirming, then its progress.
import { useCallback } from "react";
import { AdminAction, Banner, BlockStack, Button, Text, reactExtension, useApi } from "@shopify/ui-extensions-react/admin";
import { MAX_SELECTED_PRODUCTS, type FormOptions } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { formatCount, plural } from "../../shared/copy";
import { CostSummary } from "../../shared/CostSummary";
import { BatchProgressView, ErrorBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TARGET = "admin.product-index.selection-action.render";
const TITLE = "Generate videos";

export default reactExtension(TARGET, () => <BulkVideoAction />);

function BulkVideoAction() {
  const { close, data } = useApi(TARGET);
  const loaded = useLoaded(api.form);
  if (!loaded) {
    return (
      <AdminAction title={TITLE} loading>
        <Loading label="Loading your video settings" />
      </AdminAction>
    );
  }
  if (!loaded.ok) {
    return (
      <AdminAction title={TITLE} secondaryAction={<Button onPress={close}>Close</Button>}>
        <ErrorBanner error={loaded.error} title="Catalog Motion could not be loaded" />
      </AdminAction>
    );
  }
  return <BulkForm form={loaded.form} productIds={data.selected.map((s) => s.id)} close={close} />;
}

function BulkForm({ form, productIds, close }: { form: FormOptions; productIds: string[]; close: () => void }) {
  const state = useVideoForm(form);
  const { submission, submit } = useSubmission();
  const batchId = submission.phase === "sent" ? submission.created.batch.id : null;
  const followBatch = useCallback(() => api.batch(batchId ?? ""), [batchId]);
  const progress = usePolling(batchId ? followBatch : null, (d) => d.batch.finished === d.batch.jobCount);

  if (submission.phase === "sent") {
    return (
      <AdminAction title={TITLE} primaryAction={<Button onPress={close}>Done</Button>}>
        <BlockStack gap="base">
          <RequestOutcome created={submission.created} />
          {progress?.ok && <BatchProgressView batch={progress.batch} />}
          {progress && !progress.ok && <ErrorBanner error={progress.error} title="The progress could not be refreshed" />}
        </BlockStack>
      </AdminAction>
    );
  }

  const tooMany = productIds.length > MAX_SELECTED_PRODUCTS;
  const sending = submission.phase === "sending";
  return (
    <AdminAction
      title={TITLE}
      loading={sending}
      primaryAction={
        <Button variant="primary" disabled={!state.valid || sending || tooMany} onPress={() => submit(() => api.generate(productIds, "bulk-action", state.options))}>
          {`Generate ${plural(productIds.length, "video")}`}
        </Button>
      }
      secondaryAction={<Button onPress={close}>Cancel</Button>}
    >
      <BlockStack gap="base">
        <Text fontWeight="bold">{`${plural(productIds.length, "product")} selected`}</Text>
        {tooMany && (
          <Banner tone="warning" title={`Choose up to ${formatCount(MAX_SELECTED_PRODUCTS)} products at a time`}>
            For more, put the products in a collection and use "Generate videos" on the collection page.
          </Banner>
        )}
        {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
        <VideoFormFields form={form} state={state} disabled={sending} />
        <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={productIds.length} />
      </BlockStack>
    </AdminAction>
  );
}
