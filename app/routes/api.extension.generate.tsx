// POST /api/extension/generate: one batch for the products of the product
// page action (one id) or the product-list bulk action (up to 250 ids).
import type { ActionFunctionArgs } from "@remix-run/node";
import { answerExtension, jsonBody } from "~/extension-actions/answer.server";
import { generateForProducts } from "~/extension-actions/product-action.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerExtension(request, ["POST"], async ({ shop }) => generateForProducts(webPipeline(), shop, await jsonBody(request)));

export const loader = action;
