// POST /webhooks/video/creativeai: CreativeAI's signed render callbacks.
import type { ActionFunctionArgs } from "@remix-run/node";
import { clientAddressOf, handleProviderCallback } from "~/pipeline/callback-route.server";
import { webPipeline } from "~/pipeline/web-context.server";

export const action = ({ request, context }: ActionFunctionArgs) =>
  handleProviderCallback(webPipeline(), "creativeai", request, { sourceAddress: clientAddressOf(context) });
