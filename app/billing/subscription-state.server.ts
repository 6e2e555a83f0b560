// A shop's subscription as the app last heard it from Shopify (the page's
// check on return from approval, a worker's query, the app_subscriptions
// webhooks), and what follows from it for sending: an active subscription with
// room under its cap lets renders go; a cap reached or a subscription that is
// not active pauses the shop (nothing fails) until the merchant approves.
import type { ShopBilling } from "@prisma/client";
import type { Database } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { pauseSending, resumeSending, type ResumeQueues } from "~/pipeline/shop-pause.server";
import { dearestClipCents, USAGE_PLAN_CONFIG, type PlanId } from "./plans";

/** Shopify's AppSubscriptionStatus values that stop charges. */
const INACTIVE = new Set(["CANCELLED", "DECLINED", "EXPIRED", "FROZEN"]);

export interface SubscriptionSnapshot {
  subscriptionId: string;
  status: string;
  cappedAmountCents: number;
  balanceUsedCents: number;
  currency: string;
  currentPeriodEnd: Date | null;
}

/** A shop with its own provider key pays its provider itself: it is never charged. */
export async function planOf(db: Database, shop: string): Promise<PlanId> {
  const settings = await db.shopSettings.findUnique({ where: { shop }, select: { providerApiKey: true } });
  return settings?.providerApiKey ? "own_key" : "usage";
}

export async function shopBilling(db: Database, shop: string): Promise<ShopBilling> {
  return (
    (await db.shopBilling.findUnique({ where: { shop } })) ??
    db.shopBilling.upsert({ where: { shop }, create: { shop, currency: USAGE_PLAN_CONFIG.currencyCode }, update: {} })
  );
}

export function isActive(billing: Pick<ShopBilling, "status">): boolean {
  return billing.status === "ACTIVE";
}

/** What is left under the cap this period, in cents (0 without an active subscription). */
export function capRemainingCents(billing: Pick<ShopBilling, "status" | "cappedAmountCents" | "balanceUsedCents">): number {
  return isActive(billing) ? Math.max(0, billing.cappedAmountCents - billing.balanceUsedCents) : 0;
}

/**
 * Stores what Shopify said about the shop's subscription. A snapshot of
 * another subscription than the stored one only replaces it when it is
 * active (a declined replacement leaves the current plan as it is).
 */
export async function saveSubscription(db: Database, shop: string, snapshot: SubscriptionSnapshot): Promise<ShopBilling> {
  const current = await shopBilling(db, shop);
  if (current.subscriptionId && current.subscriptionId !== snapshot.subscriptionId && snapshot.status !== "ACTIVE") return current;
  const newPeriod = current.currentPeriodEnd?.getTime() !== snapshot.currentPeriodEnd?.getTime();
  return db.shopBilling.update({
    where: { shop },
    data: {
      subscriptionId: snapshot.subscriptionId,
      status: snapshot.status,
      cappedAmountCents: snapshot.cappedAmountCents,
      balanceUsedCents: snapshot.balanceUsedCents,
      currency: snapshot.currency,
      currentPeriodEnd: snapshot.currentPeriodEnd,
      // A raised cap or a new period: the 90% banner is about the old one.
      ...(newPeriod || snapshot.cappedAmountCents > current.cappedAmountCents ? { approachingCapAt: null } : {}),
    },
  });
}

/** The shop has no active subscription any more (cancelled, frozen, declined, expired). */
export async function markSubscriptionStatus(db: Database, shop: string, subscriptionId: string, status: string): Promise<ShopBilling> {
  const current = await shopBilling(db, shop);
  if (current.subscriptionId !== subscriptionId) return current;
  return db.shopBilling.update({ where: { shop }, data: { status } });
}

/**
 * Pauses or resumes the shop's sending for what its billing now says. A
 * bring-your-own-key shop is never paused for billing.
 */
export async function applyBillingToSending(db: Database, shop: string, queues?: ResumeQueues): Promise<"sending" | "paused"> {
  if ((await planOf(db, shop)) === "own_key") {
    await resumeSending(db, shop, ["billing_cap", "subscription_inactive"], queues);
    return "sending";
  }
  const billing = await shopBilling(db, shop);
  if (billing.status && INACTIVE.has(billing.status)) {
    await pauseSending(db, shop, "subscription_inactive");
    return "paused";
  }
  if (isActive(billing)) {
    if (capRemainingCents(billing) < dearestClipCents()) {
      await pauseSending(db, shop, "billing_cap");
      return "paused";
    }
    const resumed = await resumeSending(db, shop, ["billing_cap", "subscription_inactive"], queues);
    if (resumed > 0) logger.info({ shop, resumed }, "billing allows sending again");
  }
  return "sending";
}
