// POST /webhooks/app/uninstalled (shopify.app.toml): stop the shop's work.
// Answers at once whatever the shop's size; a worker calls off its jobs.
import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "~/logging/logger.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";
import { recordUninstall } from "~/shop-lifecycle/uninstall.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "APP_UNINSTALLED",
    record: (tx, { shop }) => recordUninstall(tx, shop),
    async afterwards({ shopTaskId, deletedSessions }, { shop, webhookId }) {
      await webPipeline().queues.requestShopTask(shopTaskId);
      logger.info({ shop, webhookId, shopTaskId, deletedSessions }, "app uninstalled: shop's work stopped, its jobs are being cancelled");
    },
  });
