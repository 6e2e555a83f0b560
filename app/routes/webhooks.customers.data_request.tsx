// POST /webhooks/customers/data_request (shopify.app.toml, compliance): no customer data is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { acknowledgeCustomerPrivacyRequest } from "~/shop-lifecycle/customer-privacy.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "CUSTOMERS_DATA_REQUEST",
    record: async () => {},
    async afterwards(_nothing, { shop, topic, webhookId }) {
      acknowledgeCustomerPrivacyRequest(shop, topic, webhookId);
    },
  });
