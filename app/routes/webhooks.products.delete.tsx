// POST /webhooks/products/delete (shopify.app.toml): call off a deleted product's videos.
import type { ActionFunctionArgs } from "@remix-run/node";
import { logger } from "~/logging/logger.server";
import { cancelJobsOfDeletedProduct } from "~/shop-lifecycle/product-deleted.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "PRODUCTS_DELETE",
    record: (tx, { shop, payload }) => cancelJobsOfDeletedProduct(tx, shop, payload),
    async afterwards(cancelled, { shop, webhookId }) {
      if (cancelled > 0) logger.info({ shop, webhookId, cancelled }, "product deleted: its video jobs were cancelled");
    },
  });
