// What Shopify's two billing webhooks say, recorded in the transaction that
// records the delivery (so a repeat changes nothing): app_subscriptions/update
// (approved, declined, cancelled, frozen, a new capped amount) and
// app_subscriptions/approaching_capped_amount (90% of the cap used: the
// billing page shows a banner). A payload that is not Shopify's shape changes
// nothing and is logged.
import type { Prisma } from "@prisma/client";
import { z } from "zod";
import { logger } from "~/logging/logger.server";
import { USAGE_PLAN_CONFIG } from "./plans";

type Tx = Prisma.TransactionClient;

const amount = z.union([z.string(), z.number()]).transform((v) => Math.round(Number(v) * 100));

const updatePayload = z.object({
  app_subscription: z.object({
    admin_graphql_api_id: z.string().startsWith("gid://shopify/AppSubscription/"),
    status: z.string().min(1).max(20),
    capped_amount: amount.optional(),
    currency: z.string().min(3).max(3).optional(),
  }),
});

const approachingPayload = z.object({
  app_subscription: z.object({
    admin_graphql_api_id: z.string().startsWith("gid://shopify/AppSubscription/"),
    balance_used: amount,
    capped_amount: amount,
    currency_code: z.string().min(3).max(3).optional(),
  }),
});

async function billingRow(tx: Tx, shop: string) {
  return (
    (await tx.shopBilling.findUnique({ where: { shop } })) ??
    tx.shopBilling.create({ data: { shop, currency: USAGE_PLAN_CONFIG.currencyCode } })
  );
}

/** Returns the subscription's new status, or null when the delivery changed nothing. */
export async function recordSubscriptionUpdate(tx: Tx, shop: string, payload: unknown): Promise<string | null> {
  const parsed = updatePayload.safeParse(payload);
  if (!parsed.success) {
    logger.warn({ shop, issues: parsed.error.issues.length }, "app_subscriptions/update payload not understood; nothing changed");
    return null;
  }
  const { admin_graphql_api_id: id, status, capped_amount: capped, currency } = parsed.data.app_subscription;
  const current = await billingRow(tx, shop);
  // Another subscription than the shop's (a declined replacement) leaves the current one as it is.
  if (current.subscriptionId && current.subscriptionId !== id && status !== "ACTIVE") return null;
  await tx.shopBilling.update({
    where: { shop },
    data: {
      subscriptionId: id,
      status,
      ...(capped !== undefined ? { cappedAmountCents: capped } : {}),
      ...(currency ? { currency } : {}),
      ...(capped !== undefined && capped > current.cappedAmountCents ? { approachingCapAt: null } : {}),
    },
  });
  return status;
}

export async function recordApproachingCap(tx: Tx, shop: string, payload: unknown, now = new Date()): Promise<boolean> {
  const parsed = approachingPayload.safeParse(payload);
  if (!parsed.success) {
    logger.warn(
      { shop, issues: parsed.error.issues.length },
      "app_subscriptions/approaching_capped_amount payload not understood; nothing changed",
    );
    return false;
  }
  const { admin_graphql_api_id: id, balance_used: used, capped_amount: capped } = parsed.data.app_subscription;
  const current = await billingRow(tx, shop);
  if (current.subscriptionId && current.subscriptionId !== id) return false;
  await tx.shopBilling.update({ where: { shop }, data: { approachingCapAt: now, balanceUsedCents: used, cappedAmountCents: capped } });
  return true;
}
