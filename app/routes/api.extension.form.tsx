// GET /api/extension/form: the generate form of the product-list bulk action
// (defaults, models, prices); the selection itself stays in the extension.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { answerExtension } from "~/extension-actions/answer.server";
import { formOptionsFor } from "~/extension-actions/form-options.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const loader = ({ request }: LoaderFunctionArgs) =>
  answerExtension(request, ["GET"], async ({ shop }) => ({ form: await formOptionsFor(webPipeline().db, shop) }));

// Preflights (OPTIONS) and other methods arrive at the action.
export const action = loader;
