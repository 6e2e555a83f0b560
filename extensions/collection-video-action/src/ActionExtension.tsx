// "Generate videos" for every product of a collection: the product count and
// the total price first, an explicit confirmation, then the batch's progress.
// The app reads the collection's products from Shopify page by page.
import { render } from "preact";
import { useCallback, useState } from "preact/hooks";
import type { CollectionActionData } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { credits, plural } from "../../shared/copy";
import { CostSummary } from "../../shared/CostSummary";
import { BatchProgressView, ErrorBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TITLE = "Generate videos for this collection";

export default async () => {
  render(<CollectionVideoAction />, document.body);
};

function close() {
  shopify.close();
}

function CollectionVideoAction() {
  const collectionId = shopify.data.selected[0]?.id ?? "";
  const loaded = useLoaded(useCallback(() => api.collection(collectionId), [collectionId]));
  if (!loaded) {
    return (
      <s-admin-action heading={TITLE} loading>
        <Loading label="Counting the collection's products" />
      </s-admin-action>
    );
  }
  if (!loaded.ok) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <ErrorBanner error={loaded.error} title="The collection could not be loaded" />
      </s-admin-action>
    );
  }
  return <CollectionForm data={loaded} />;
}

function CollectionForm({ data: { collection, form } }: { data: CollectionActionData }) {
  const state = useVideoForm(form);
  const { submission, submit } = useSubmission();
  const [confirming, setConfirming] = useState(false);
  const batchId = submission.phase === "sent" ? submission.created.batch.id : null;
  const followBatch = useCallback(() => api.batch(batchId ?? ""), [batchId]);
  const progress = usePolling(batchId ? followBatch : null, (d) => d.batch.finished === d.batch.jobCount);

  const count = collection.productsCount;
  const videos = `${plural(count, "video")}${collection.countIsExact ? "" : " or more"}`;

  if (count === 0) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <s-banner tone="info" heading={`“${collection.title}” has no products yet`}>
          Add products to the collection, then try again.
        </s-banner>
      </s-admin-action>
    );
  }

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

  const sending = submission.phase === "sending";
  if (confirming || sending) {
    return (
      <s-admin-action heading={TITLE} loading={sending}>
        <s-button
          slot="primary-action"
          variant="primary"
          disabled={sending}
          onClick={() => submit(() => api.generateForCollection(collection.id, state.options))}
        >
          {`Confirm ${videos}`}
        </s-button>
        <s-button slot="secondary-actions" disabled={sending} onClick={() => setConfirming(false)}>
          Back
        </s-button>
        <s-stack gap="base">
          {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
          {sending ? (
            <Loading label={`Reading the products of “${collection.title}” from Shopify. A large collection takes a minute or two.`} />
          ) : (
            <s-paragraph>
              <s-text type="strong">{`Make ${videos} for “${collection.title}”, for about ${credits(state.creditsPerVideo * count)}?`}</s-text>
            </s-paragraph>
          )}
          <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={count} countIsExact={collection.countIsExact} />
        </s-stack>
      </s-admin-action>
    );
  }

  return (
    <s-admin-action heading={TITLE}>
      <s-button slot="primary-action" variant="primary" disabled={!state.valid} onClick={() => setConfirming(true)}>
        Review
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        Cancel
      </s-button>
      <s-stack gap="base">
        <s-paragraph>
          <s-text type="strong">{`“${collection.title}”: ${plural(count, "product")}${collection.countIsExact ? "" : " or more"}`}</s-text>
        </s-paragraph>
        <VideoFormFields form={form} state={state} />
        <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={count} countIsExact={collection.countIsExact} />
      </s-stack>
    </s-admin-action>
  );
}
