// The billing documents the app sends itself, from workers (no merchant request,
// so the library's billing helpers, which need one, are not there). The
// library's createUsageRecord declares no $idempotencyKey in its mutation, so
// the key it is given never reaches Shopify: the app sends its own document.
export const CURRENT_SUBSCRIPTIONS = /* GraphQL */ `
  #graphql
  query CatalogMotionActiveSubscriptions {
    currentAppInstallation {
      activeSubscriptions {
        id
        name
        status
        test
        currentPeriodEnd
        lineItems {
          id
          plan {
            pricingDetails {
              ... on AppUsagePricing {
                balanceUsed {
                  amount
                  currencyCode
                }
                cappedAmount {
                  amount
                  currencyCode
                }
              }
            }
          }
        }
      }
    }
  }
`;

export interface MoneyAnswer {
  amount: string;
  currencyCode: string;
}

export interface ActiveSubscriptionsData {
  currentAppInstallation: {
    activeSubscriptions: {
      id: string;
      name: string;
      status: string;
      test: boolean;
      currentPeriodEnd: string | null;
      lineItems: { id: string; plan: { pricingDetails: { balanceUsed?: MoneyAnswer; cappedAmount?: MoneyAnswer } } }[];
    }[];
  };
}

export const RECORD_CLIP_CHARGE = /* GraphQL */ `
  #graphql
  mutation CatalogMotionRecordClipCharge(
    $subscriptionLineItemId: ID!
    $price: MoneyInput!
    $description: String!
    $idempotencyKey: String!
  ) {
    appUsageRecordCreate(
      subscriptionLineItemId: $subscriptionLineItemId
      price: $price
      description: $description
      idempotencyKey: $idempotencyKey
    ) {
      appUsageRecord {
        id
        idempotencyKey
        price {
          amount
          currencyCode
        }
        subscriptionLineItem {
          plan {
            pricingDetails {
              ... on AppUsagePricing {
                balanceUsed {
                  amount
                  currencyCode
                }
                cappedAmount {
                  amount
                  currencyCode
                }
              }
            }
          }
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export interface RecordClipChargeData {
  appUsageRecordCreate: {
    appUsageRecord: {
      id: string;
      idempotencyKey: string | null;
      price: MoneyAnswer;
      subscriptionLineItem: { plan: { pricingDetails: { balanceUsed?: MoneyAnswer; cappedAmount?: MoneyAnswer } } };
    } | null;
    userErrors: { field: string[] | null; message: string }[];
  };
}

/** Shopify's message when a charge would pass the capped amount. */
export const CAP_REACHED_MESSAGE = "Total price exceeds balance remaining";

export function moneyToCents(money: MoneyAnswer | undefined): number {
  return money ? Math.round(Number(money.amount) * 100) : 0;
}
