// POST /webhooks/shop/redact (shopify.app.toml, compliance): erase everything stored for the shop.
import type { ActionFunctionArgs } from "@remix-run/node";
import { database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { eraseShop } from "~/shop-lifecycle/shop-redact.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, webhookId } = await authenticate.webhook(request);
  await eraseShop(database(), shop);
  logger.info({ shop, webhookId }, "shop redacted: all of its data was deleted");
  return new Response();
};
