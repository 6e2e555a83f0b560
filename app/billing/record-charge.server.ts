// Sending one pending charge to Shopify as a usage record (idempotency key:
// the job id), and what Shopify's answer means for the shop: recorded, or
// refused at the cap (the charge waits, sending pauses until the merchant
// approves a higher limit), or no active subscription (the same, until the
// merchant approves the plan). A charge is never dropped for those: it is
// sent again once billing allows.
import type { Database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { AdminApiError, type AdminClient } from "~/shopify-admin/admin-client";
import { pauseSending } from "~/pipeline/shop-pause.server";
import {
  CAP_REACHED_MESSAGE,
  CURRENT_SUBSCRIPTIONS,
  moneyToCents,
  RECORD_CLIP_CHARGE,
  type ActiveSubscriptionsData,
  type RecordClipChargeData,
} from "./operations";
import { centsToAmount, dearestClipCents } from "./plans";
import { applyBillingToSending, saveSubscription, type SubscriptionSnapshot } from "./subscription-state.server";

export type ChargeOutcome = "recorded" | "waiting_for_plan" | "cap_reached" | "refused" | "not_pending" | "no_access";

const WAITING_FOR_PLAN = "Waiting for the merchant to approve the plan";
const WAITING_FOR_CAP = "Waiting for the merchant to approve a higher monthly limit";

/** The shop's active subscription with a usage line, from Shopify, saved on the way. */
export async function fetchUsageSubscription(
  db: Database,
  shop: string,
  admin: AdminClient,
): Promise<{ lineItemId: string; snapshot: SubscriptionSnapshot } | null> {
  const data = await admin.request<ActiveSubscriptionsData>(CURRENT_SUBSCRIPTIONS);
  for (const subscription of data.currentAppInstallation.activeSubscriptions) {
    const line = subscription.lineItems.find((l) => l.plan.pricingDetails.cappedAmount);
    if (subscription.status !== "ACTIVE" || !line) continue;
    const snapshot: SubscriptionSnapshot = {
      subscriptionId: subscription.id,
      status: subscription.status,
      cappedAmountCents: moneyToCents(line.plan.pricingDetails.cappedAmount),
      balanceUsedCents: moneyToCents(line.plan.pricingDetails.balanceUsed),
      currency: line.plan.pricingDetails.cappedAmount?.currencyCode ?? "USD",
      currentPeriodEnd: subscription.currentPeriodEnd ? new Date(subscription.currentPeriodEnd) : null,
    };
    await saveSubscription(db, shop, snapshot);
    return { lineItemId: line.id, snapshot };
  }
  return null;
}

export async function recordUsageCharge(ctx: PipelineContext, videoJobId: string): Promise<ChargeOutcome> {
  const { db } = ctx;
  const charge = await db.usageCharge.findUnique({ where: { jobId: videoJobId } });
  if (charge?.status !== "pending") return "not_pending";
  const admin = await ctx.adminFor(charge.shop);
  // Uninstalled or revoked: the charge waits; the sweep sends it if the shop comes back.
  if (!admin) return "no_access";

  const subscription = await fetchUsageSubscription(db, charge.shop, admin);
  if (!subscription) {
    await db.usageCharge.update({ where: { jobId: videoJobId }, data: { lastError: WAITING_FOR_PLAN } });
    await pauseSending(db, charge.shop, "subscription_inactive");
    return "waiting_for_plan";
  }

  let answer: RecordClipChargeData;
  try {
    answer = await admin.request<RecordClipChargeData>(RECORD_CLIP_CHARGE, {
      subscriptionLineItemId: subscription.lineItemId,
      price: { amount: centsToAmount(charge.amountCents), currencyCode: charge.currency },
      description: charge.description,
      idempotencyKey: charge.jobId,
    });
  } catch (error) {
    // Throttled or unavailable: the queue retries (same key, so never twice).
    if (error instanceof AdminApiError && error.transient) throw error;
    await db.usageCharge.update({ where: { jobId: videoJobId }, data: { lastError: (error as Error).message.slice(0, 500) } });
    throw error;
  }

  const { appUsageRecord, userErrors } = answer.appUsageRecordCreate;
  if (userErrors.length > 0 || !appUsageRecord) {
    const message = userErrors.map((e) => e.message).join("; ");
    if (message.includes(CAP_REACHED_MESSAGE)) {
      await db.usageCharge.update({ where: { jobId: videoJobId }, data: { lastError: WAITING_FOR_CAP } });
      await pauseSending(db, charge.shop, "billing_cap");
      logger.info({ shop: charge.shop, videoJobId }, "usage charge waits: the monthly limit is reached");
      return "cap_reached";
    }
    await db.usageCharge.update({ where: { jobId: videoJobId }, data: { status: "refused", lastError: message.slice(0, 500) } });
    logger.warn({ shop: charge.shop, videoJobId, message }, "Shopify refused a usage charge");
    return "refused";
  }

  const pricing = appUsageRecord.subscriptionLineItem.plan.pricingDetails;
  await db.usageCharge.update({
    where: { jobId: videoJobId },
    data: { status: "recorded", usageRecordId: appUsageRecord.id, recordedAt: new Date(), lastError: null },
  });
  const billing = await saveSubscription(db, charge.shop, {
    ...subscription.snapshot,
    balanceUsedCents: moneyToCents(pricing.balanceUsed),
    cappedAmountCents: moneyToCents(pricing.cappedAmount) || subscription.snapshot.cappedAmountCents,
  });
  // Stop before the next clip would be refused, rather than render clips that cannot be charged.
  if (billing.cappedAmountCents - billing.balanceUsedCents < dearestClipCents()) await applyBillingToSending(db, charge.shop);
  return "recorded";
}
