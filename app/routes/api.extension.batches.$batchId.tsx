// GET /api/extension/batches/:batchId: a batch's progress and cost so far,
// polled by the bulk and collection actions after they asked for videos.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension } from "~/extension-actions/answer.server";
import { batchProgress } from "~/extension-actions/job-view.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerExtension(request, ["GET"], async ({ shop }) => ({ batch: await batchProgress(webPipeline().db, shop, params.batchId ?? "") }));

// Preflights (OPTIONS) and other methods arrive at the action.
export const action = loader;
