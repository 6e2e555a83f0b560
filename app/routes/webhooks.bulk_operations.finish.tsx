// POST /webhooks/bulk_operations/finish (shopify.app.toml): a bulk operation
// of the shop finished (completed, failed or cancelled). The catalog read it
// belongs to is looked at by a worker now instead of at its next poll.
import type { ActionFunctionArgs } from "@remix-run/node";
import { catalogReadOfFinishedOperation } from "~/catalog/catalog-reads.server";
import { webPipeline } from "~/pipeline/web-context.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "BULK_OPERATIONS_FINISH",
    record: (tx, { shop, payload }) => catalogReadOfFinishedOperation(tx, shop, payload),
    async afterwards(catalogReadId) {
      if (catalogReadId) await webPipeline().queues.requestCatalogRead(catalogReadId);
    },
  });
