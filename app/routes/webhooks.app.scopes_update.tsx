// POST /webhooks/app/scopes_update (shopify.app.toml): keep the stored scopes current.
import type { ActionFunctionArgs } from "@remix-run/node";
import { recordGrantedScopes } from "~/shop-lifecycle/scopes-update.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "APP_SCOPES_UPDATE",
    record: (tx, { sessionId, payload }) => recordGrantedScopes(tx, sessionId, payload),
  });
