// POST /webhooks/customers/redact (shopify.app.toml, compliance): no customer data is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { acknowledgeCustomerPrivacyRequest } from "~/shop-lifecycle/customer-privacy.server";
import { answerShopifyWebhook } from "~/shop-lifecycle/shopify-webhook.server";

export const action = ({ request }: ActionFunctionArgs) =>
  answerShopifyWebhook(request, {
    topic: "CUSTOMERS_REDACT",
    record: async () => {},
    async afterwards(_nothing, { shop, topic, webhookId }) {
      acknowledgeCustomerPrivacyRequest(shop, topic, webhookId);
    },
  });
