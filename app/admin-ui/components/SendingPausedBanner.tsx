// Why the shop's new videos are not being made, and, when the reason is the
// store's room, the Resume the merchant chooses after freeing some.
import { useFetcher } from "@remix-run/react";
import { Banner } from "@shopify/polaris";
import { plural } from "~/merchant-copy/format";

export interface SendingPause {
  message: string;
  /** The store's room is the reason: the merchant resumes here once they freed some. */
  canResume: boolean;
  /** The plan or its monthly limit is the reason: the merchant approves on the billing page. */
  billing?: boolean;
}

type ResumeAnswer = { ok: true; resumed: number; stillPaused: number } | { ok: false; message: string };

export function SendingPausedBanner({ pause }: { pause: SendingPause }) {
  const fetcher = useFetcher<ResumeAnswer>();
  const answer = fetcher.data;
  if (answer?.ok) {
    return (
      <Banner tone="success" title="Videos are being made again">
        <p>
          {plural(answer.resumed, "paused video")} went back to the video studio
          {answer.stillPaused > 0 ? `; ${plural(answer.stillPaused, "video")} wait for more room in your store.` : "."}
        </p>
      </Banner>
    );
  }
  return (
    <Banner
      tone="warning"
      title="New videos are paused"
      action={
        pause.canResume
          ? {
              content: "Resume",
              loading: fetcher.state !== "idle",
              onAction: () => fetcher.submit(null, { method: "post", action: "/app/resume-sending" }),
            }
          : pause.billing
            ? { content: "Go to billing", url: "/app/billing" }
            : undefined
      }
    >
      <p>{answer && !answer.ok ? answer.message : pause.message}</p>
    </Banner>
  );
}
