// POST /webhooks/app/uninstalled (shopify.app.toml): stop the shop's work.
import type { ActionFunctionArgs } from "@remix-run/node";
import { database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { stopShopWork } from "~/shop-lifecycle/uninstall.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  const outcome = await stopShopWork(database(), shop);
  logger.info({ shop, topic, webhookId, ...outcome }, "app uninstalled: shop's work stopped");
  return new Response();
};
