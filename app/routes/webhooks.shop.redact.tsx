// POST /webhooks/shop/redact (shopify.app.toml, compliance): erase everything stored for the shop.
// Answers at once whatever the shop's size; a worker erases.
import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "~/logging/logger.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";
import { recordShopRedact } from "~/shop-lifecycle/shop-redact.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "SHOP_REDACT",
    record: (tx, { shop }) => recordShopRedact(tx, shop),
    async afterwards({ shopTaskId }, { shop, webhookId }) {
      await webPipeline().queues.requestShopTask(shopTaskId);
      logger.info({ shop, webhookId, shopTaskId }, "shop redact recorded: its data is being erased");
    },
  });
