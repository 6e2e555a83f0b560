// POST /webhooks/customers/data_request (shopify.app.toml, compliance): no customer data is stored.
import type { ActionFunctionArgs } from "@remix-run/node";
import { acknowledgeCustomerPrivacyRequest } from "~/shop-lifecycle/customer-privacy.server";
import { authenticate } from "~/shopify.server";

export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop, topic, webhookId } = await authenticate.webhook(request);
  acknowledgeCustomerPrivacyRequest(shop, topic, webhookId);
  return new Response();
};
