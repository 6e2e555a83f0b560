// customers/data_request and customers/redact (mandatory compliance webhooks).
// Catalog Motion stores products, video jobs and shop settings, never a
// customer's data, so there is nothing to send or erase: the request is
// acknowledged and recorded in the log (shop and topic only).
import { logger } from "~/logging/logger.server";

export function acknowledgeCustomerPrivacyRequest(shop: string, topic: string, webhookId: string): void {
  logger.info({ shop, topic, webhookId }, "customer privacy request: the app stores no customer data");
}
