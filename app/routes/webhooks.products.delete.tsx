// POST /webhooks/products/delete (shopify.app.toml): call off a deleted product's videos.
import type { ActionFunctionArgs } from "@remix-run/node";
import { database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { cancelJobsOfDeletedProduct } from "~/shop-lifecycle/product-deleted.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, payload, webhookId } = await authenticate.webhook(request);
  const cancelled = await cancelJobsOfDeletedProduct(database(), shop, payload);
  if (cancelled > 0) logger.info({ shop, webhookId, cancelled }, "product deleted: its video jobs were cancelled");
  return new Response();
};
