// The usage plan as the Shopify library's `billing` option takes it: what
// `billing.request` asks Shopify to approve. The app (shopify.server.ts) and the
// tests that approve the plan through the library's own code use this one copy.
import { BillingInterval, type BillingConfig } from "@shopify/shopify-api";
import { centsToAmount, USAGE_PLAN, USAGE_PLAN_CONFIG } from "./plans";

export const LIBRARY_BILLING = {
  [USAGE_PLAN]: {
    lineItems: [
      {
        interval: BillingInterval.Usage,
        amount: centsToAmount(USAGE_PLAN_CONFIG.cappedAmountCents),
        currencyCode: USAGE_PLAN_CONFIG.currencyCode,
        terms: USAGE_PLAN_CONFIG.terms,
      },
    ],
  },
} satisfies BillingConfig;
