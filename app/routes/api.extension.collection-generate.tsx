// POST /api/extension/collection-generate: one batch for every product of a
// collection, read from Shopify page by page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { answerExtension, jsonBody } from "~/extension-actions/answer.server";
import { generateForCollection } from "~/extension-actions/collection-action.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerExtension(request, ["POST"], async ({ shop }) => generateForCollection(webPipeline(), shop, await jsonBody(request)));

export const loader = action;
