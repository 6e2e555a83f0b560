// "Generate video" on a product page: the form prefilled from the shop's
// template, the price, then the job's status until it is live. A product that
// already has a clip from the app says so first and offers a new one.
import { useCallback, useState } from "react";
import { AdminAction, Banner, BlockStack, Button, reactExtension, useApi } from "@shopify/ui-extensions-react/admin";
import type { ProductActionData } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { CostSummary } from "../../shared/CostSummary";
import { ErrorBanner, JobStatusBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TARGET = "admin.product-details.action.render";
const TITLE = "Generate video";

export default reactExtension(TARGET, () => <ProductVideoAction />);

function ProductVideoAction() {
  const { close, data } = useApi(TARGET);
  const productId = data.selected[0]?.id ?? "";
  const loaded = useLoaded(useCallback(() => api.product(productId), [productId]));
  if (!loaded) {
    return (
      <AdminAction title={TITLE} loading>
        <Loading label="Loading the product" />
      </AdminAction>
    );
  }
  if (!loaded.ok) {
    return (
      <AdminAction title={TITLE} secondaryAction={<Button onPress={close}>Close</Button>}>
        <ErrorBanner error={loaded.error} title="The product could not be loaded" />
      </AdminAction>
    );
  }
  return <ProductForm data={loaded} close={close} />;
}

function ProductForm({ data, close }: { data: ProductActionData; close: () => void }) {
  const state = useVideoForm(data.form);
  const { submission, submit } = useSubmission();
  const inProgress = data.latestJob && !data.latestJob.finished ? data.latestJob : null;
  const [wantsNew, setWantsNew] = useState(!inProgress && !data.hasAppClip);

  const followedJobId = submission.phase === "sent" ? (submission.created.jobs[0]?.jobId ?? null) : wantsNew ? null : (inProgress?.id ?? null);
  const followJob = useCallback(() => api.job(followedJobId ?? ""), [followedJobId]);
  const polled = usePolling(followedJobId ? followJob : null, (d) => d.job.finished);
  const job = polled?.ok ? polled.job : submission.phase === "sent" ? null : inProgress;

  if (submission.phase === "sent") {
    return (
      <AdminAction title={TITLE} primaryAction={<Button onPress={close}>Done</Button>}>
        <BlockStack gap="base">
          <RequestOutcome created={submission.created} />
          {job && <JobStatusBanner job={job} />}
          {polled && !polled.ok && <ErrorBanner error={polled.error} title="The status could not be refreshed" />}
        </BlockStack>
      </AdminAction>
    );
  }

  if (!data.product.imageUrl) {
    return (
      <AdminAction title={TITLE} secondaryAction={<Button onPress={close}>Close</Button>}>
        <Banner tone="warning" title="This product has no photo">
          A video starts from the product's photo. Add one to the product, then try again.
        </Banner>
      </AdminAction>
    );
  }

  if (!wantsNew) {
    return (
      <AdminAction
        title={TITLE}
        primaryAction={<Button onPress={() => setWantsNew(true)}>{inProgress ? "Make a different video" : "Make a new video"}</Button>}
        secondaryAction={<Button onPress={close}>Close</Button>}
      >
        <BlockStack gap="base">
          {data.hasAppClip && (
            <Banner tone="info" title="This product already has a video from Catalog Motion">
              A new video is added next to it (or replaces it, if you chose that in Catalog Motion's settings).
            </Banner>
          )}
          {job && <JobStatusBanner job={job} />}
        </BlockStack>
      </AdminAction>
    );
  }

  const sending = submission.phase === "sending";
  return (
    <AdminAction
      title={TITLE}
      loading={sending}
      primaryAction={
        <Button variant="primary" disabled={!state.valid || sending} onPress={() => submit(() => api.generate([data.product.id], "product-action", state.options))}>
          Generate video
        </Button>
      }
      secondaryAction={<Button onPress={close}>Cancel</Button>}
    >
      <BlockStack gap="base">
        {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
        <VideoFormFields form={data.form} state={state} disabled={sending} />
        <CostSummary form={data.form} creditsPerVideo={state.creditsPerVideo} count={1} />
      </BlockStack>
    </AdminAction>
  );
}
