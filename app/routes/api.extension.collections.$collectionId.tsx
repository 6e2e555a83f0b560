// GET /api/extension/collections/:collectionId: the collection's title and
// product count, and the form, so the merchant sees the total before confirming.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension } from "~/extension-actions/answer.server";
import { collectionActionData } from "~/extension-actions/collection-action.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerExtension(request, ["GET"], ({ shop }) => collectionActionData(webPipeline(), shop, params.collectionId));

// Preflights (OPTIONS) and other methods arrive at the action.
export const action = loader;
