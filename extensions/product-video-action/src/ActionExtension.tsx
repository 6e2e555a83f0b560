// "Generate video" on a product page: the form prefilled from the shop's
// template, the price, then the job's status until it is live. A product that
// already has a clip from the app says so first and offers a new one.
import { render } from "preact";
import { useCallback, useState } from "preact/hooks";
import type { ProductActionData } from "../../../app/extension-actions/api-types";
import { api } from "../../shared/api";
import { CostSummary } from "../../shared/CostSummary";
import { ErrorBanner, JobStatusBanner, Loading, RequestOutcome } from "../../shared/StatusViews";
import { usePolling } from "../../shared/use-polling";
import { useLoaded, useSubmission } from "../../shared/use-request";
import { useVideoForm } from "../../shared/use-video-form";
import { VideoFormFields } from "../../shared/VideoFormFields";

const TITLE = "Generate video";

export default async () => {
  render(<ProductVideoAction />, document.body);
};

function close() {
  shopify.close();
}

function ProductVideoAction() {
  const productId = shopify.data.selected[0]?.id ?? "";
  const loaded = useLoaded(useCallback(() => api.product(productId), [productId]));
  if (!loaded) {
    return (
      <s-admin-action heading={TITLE} loading>
        <Loading label="Loading the product" />
      </s-admin-action>
    );
  }
  if (!loaded.ok) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <ErrorBanner error={loaded.error} title="The product could not be loaded" />
      </s-admin-action>
    );
  }
  return <ProductForm data={loaded} />;
}

function ProductForm({ data }: { data: ProductActionData }) {
  const state = useVideoForm(data.form);
  const { submission, submit } = useSubmission();
  const inProgress = data.latestJob && !data.latestJob.finished ? data.latestJob : null;
  const [wantsNew, setWantsNew] = useState(!inProgress && !data.hasAppClip);

  const followedJobId =
    submission.phase === "sent" ? (submission.created.jobs[0]?.jobId ?? null) : wantsNew ? null : (inProgress?.id ?? null);
  const followJob = useCallback(() => api.job(followedJobId ?? ""), [followedJobId]);
  const polled = usePolling(followedJobId ? followJob : null, (d) => d.job.finished);
  const job = polled?.ok ? polled.job : submission.phase === "sent" ? null : inProgress;

  if (submission.phase === "sent") {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="primary-action" onClick={close}>
          Done
        </s-button>
        <s-stack gap="base">
          <RequestOutcome created={submission.created} />
          {job && <JobStatusBanner job={job} />}
          {polled && !polled.ok && <ErrorBanner error={polled.error} title="The status could not be refreshed" />}
        </s-stack>
      </s-admin-action>
    );
  }

  if (!data.product.imageUrl) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <s-banner tone="warning" heading="This product has no photo">
          A video starts from the product's photo. Add one to the product, then try again.
        </s-banner>
      </s-admin-action>
    );
  }

  if (!wantsNew) {
    return (
      <s-admin-action heading={TITLE}>
        <s-button slot="primary-action" onClick={() => setWantsNew(true)}>
          {inProgress ? "Make a different video" : "Make a new video"}
        </s-button>
        <s-button slot="secondary-actions" onClick={close}>
          Close
        </s-button>
        <s-stack gap="base">
          {data.hasAppClip && (
            <s-banner tone="info" heading="This product already has a video from Catalog Motion">
              A new video is added next to it (or replaces it, if you chose that in Catalog Motion's settings).
            </s-banner>
          )}
          {job && <JobStatusBanner job={job} />}
        </s-stack>
      </s-admin-action>
    );
  }

  const sending = submission.phase === "sending";
  return (
    <s-admin-action heading={TITLE} loading={sending}>
      <s-button
        slot="primary-action"
        variant="primary"
        disabled={!state.valid || sending}
        onClick={() => submit(() => api.generate([data.product.id], "product-action", state.options))}
      >
        Generate video
      </s-button>
      <s-button slot="secondary-actions" onClick={close}>
        Cancel
      </s-button>
      <s-stack gap="base">
        {submission.phase === "editing" && submission.error && <ErrorBanner error={submission.error} />}
        <VideoFormFields form={data.form} state={state} disabled={sending} />
        <CostSummary form={data.form} creditsPerVideo={state.creditsPerVideo} count={1} />
      </s-stack>
    </s-admin-action>
  );
}
