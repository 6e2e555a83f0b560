// Whether subscriptions and usage records are Shopify test charges (nothing
// is billed): the operator's environment decides, never a request.
import { env } from "~/config/env.server";

export function testCharges(): boolean {
  const config = env();
  return config.BILLING_TEST_CHARGES ? config.BILLING_TEST_CHARGES === "1" : config.NODE_ENV !== "production";
}
