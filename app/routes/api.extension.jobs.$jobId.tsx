// GET /api/extension/jobs/:jobId: one video job's status in the merchant's
// words, polled by the product page action after it asked for a video.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension } from "~/extension-actions/answer.server";
import { jobStatus } from "~/extension-actions/job-view.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerExtension(request, ["GET"], async ({ shop }) => ({ job: await jobStatus(webPipeline().db, shop, params.jobId ?? "") }));

// Preflights (OPTIONS) and other methods arrive at the action.
export const action = loader;
