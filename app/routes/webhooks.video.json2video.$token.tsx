// POST /webhooks/video/json2video/<token>: JSON2Video's unsigned callbacks,
// trusted only through the per-job token in the URL.
import type { ActionFunctionArgs } from "@remix-run/node";
import { clientAddressOf, handleProviderCallback } from "~/pipeline/callback-route.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  handleProviderCallback(webPipeline(), "json2video", request, { urlToken: params.token ?? "", sourceAddress: clientAddressOf(context) });
