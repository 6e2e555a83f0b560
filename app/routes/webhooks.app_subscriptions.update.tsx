// POST /webhooks/app_subscriptions/update (shopify.app.toml): the shop's
// subscription was approved, declined, cancelled, frozen or given a new cap.
// Recorded at once; sending then pauses or resumes for the shop.
import type { ActionFunctionArgs } from "@remix-run/node";
import { applyBillingToSending, isActive, shopBilling } from "~/billing/subscription-state.server";
import { sendWaitingCharges } from "~/billing/reconcile-charges.server";
import { recordSubscriptionUpdate } from "~/billing/subscription-webhooks.server";
import { logger } from "~/logging/logger.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "APP_SUBSCRIPTIONS_UPDATE",
    record: (tx, { shop, payload }) => recordSubscriptionUpdate(tx, shop, payload),
    async afterwards(status, { shop, webhookId }) {
      if (status === null) return;
      try {
        const { db, queues } = webPipeline();
        const sending = await applyBillingToSending(db, shop, queues);
        if (sending === "sending" && isActive(await shopBilling(db, shop))) await sendWaitingCharges(db, queues, shop);
        logger.info({ shop, webhookId, status, sending }, "subscription updated");
      } catch (error) {
        // The charge sweep and the billing page apply it later; Shopify has its answer.
        logger.warn({ shop, webhookId, err: (error as Error).message }, "subscription update recorded; sending follows on the next sweep");
      }
    },
  });
