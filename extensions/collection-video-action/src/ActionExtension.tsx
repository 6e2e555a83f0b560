// "Generate videos" for every product of a collection: the product count and
// the total price first, an explicit confirmation, then the batch's progress.
// The app reads the collection's products from Shopify page by page.
import { useCallback, useState } from "react";
import { AdminAction, Banner, BlockStack, Button, Text, reactExtension, useApi } from "@shopify/ui-extensions-react/admin";
import type { CollectionActionData } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { credits, plural } from "../../shared/copy";
import { CostSummary } from "../../shared/CostSummary";
import { BatchProgressView, ErrorBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TARGET = "admin.collection-details.action.render";
const TITLE = "Generate videos for this collection";

export default reactExtension(TARGET, () => <CollectionVideoAction />);

function CollectionVideoAction() {
  const { close, data } = useApi(TARGET);
  const collectionId = data.selected[0]?.id ?? "";
  const loaded = useLoaded(useCallback(() => api.collection(collectionId), [collectionId]));
  if (!loaded) {
    return (
      <AdminAction title={TITLE} loading>
        <Loading label="Counting the collection's products" />
      </AdminAction>
    );
  }
  if (!loaded.ok) {
    return (
      <AdminAction title={TITLE} secondaryAction={<Button onPress={close}>Close</Button>}>
        <ErrorBanner error={loaded.error} title="The collection could not be loaded" />
      </AdminAction>
    );
  }
  return <CollectionForm data={loaded} close={close} />;
}

function CollectionForm({ data: { collection, form }, close }: { data: CollectionActionData; close: () => void }) {
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
      <AdminAction title={TITLE} secondaryAction={<Button onPress={close}>Close</Button>}>
        <Banner tone="info" title={`“${collection.title}” has no products yet`}>Add products to the collection, then try again.</Banner>
      </AdminAction>
    );
  }

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

  const sending = submission.phase === "sending";
  if (confirming || sending) {
    return (
      <AdminAction
        title={TITLE}
        loading={sending}
        primaryAction={
          <Button variant="primary" disabled={sending} onPress={() => submit(() => api.generateForCollection(collection.id, state.options))}>
            {`Confirm ${videos}`}
          </Button>
        }
        secondaryAction={<Button disabled={sending} onPress={() => setConfirming(false)}>Back</Button>}
      >
        <BlockStack gap="base">
          {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
          {sending ? (
            <Loading label={`Reading the products of “${collection.title}” from Shopify. A large collection takes a minute or two.`} />
          ) : (
            <Text fontWeight="bold">{`Make ${videos} for “${collection.title}”, for about ${credits(state.creditsPerVideo * count)}?`}</Text>
          )}
          <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={count} countIsExact={collection.countIsExact} />
        </BlockStack>
      </AdminAction>
    );
  }

  return (
    <AdminAction
      title={TITLE}
      primaryAction={<Button variant="primary" disabled={!state.valid} onPress={() => setConfirming(true)}>Review</Button>}
      secondaryAction={<Button onPress={close}>Cancel</Button>}
    >
      <BlockStack gap="base">
        <Text fontWeight="bold">{`“${collection.title}”: ${plural(count, "product")}${collection.countIsExact ? "" : " or more"}`}</Text>
        <VideoFormFields form={form} state={state} />
        <CostSummary form={form} creditsPerVideo={state.creditsPerVideo} count={count} countIsExact={collection.countIsExact} />
      </BlockStack>
    </AdminAction>
  );
}
