// GET /api/extension/products/:productId: what the product page's
// "Generate video" action shows first (product, existing clip, latest job, form).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension } from "~/extension-actions/answer.server";
import { productActionData } from "~/extension-actions/product-action.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  answerExtension(request, ["GET"], ({ shop }) => productActionData(webPipeline(), shop, params.productId));

// Preflights (OPTIONS) and other methods arrive at the action.
export const action = loader;
