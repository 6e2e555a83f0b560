// POST /webhooks/app_subscriptions/approaching_capped_amount (shopify.app.toml):
// 90% of this period's limit is used. Recorded for the billing page's banner.
import type { ActionFunctionArgs } from "@remix-run/node";
import { recordApproachingCap } from "~/billing/subscription-webhooks.server";
import { logger } from "~/logging/logger.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "APP_SUBSCRIPTIONS_APPROACHING_CAPPED_AMOUNT",
    record: (tx, { shop, payload }) => recordApproachingCap(tx, shop, payload),
    async afterwards(recorded, { shop, webhookId }) {
      if (recorded) logger.info({ shop, webhookId }, "90% of the monthly limit used");
    },
  });
