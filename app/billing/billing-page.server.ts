// What the billing page shows: the shop's plan, this period's clips and money,
// the monthly limit and what is left of it, free clips left, whether sending
// waits for the merchant, and the per-clip charges. The subscription is read
// from Shopify through the library's billing.check on every visit (so a
// return from the approval page, or a cap raised in Shopify admin, shows at
// once), and sending follows it.
import type { AppSubscription, UsageAppPlan } from "@shopify/shopify-api";
import type { Database } from "~/db.server";
import type { PipelineQueues } from "~/queues/queues.server";
import { pauseOf, type SendingPauseReason } from "~/pipeline/shop-pause.server";
import { env } from "~/config/env.server";
import { insideEmulatedAdmin } from "~/auth/emulated-admin.server";
import { chargeStatusLabel } from "./charge-status";
import { dearestClipCents, USAGE_PLAN, USAGE_PLAN_CONFIG } from "./plans";
import { sendWaitingCharges } from "./reconcile-charges.server";
import { applyBillingToSending, capRemainingCents, planOf, saveSubscription, shopBilling } from "./subscription-state.server";

const PERIOD_MS = 30 * 24 * 3_600_000;
const CHARGES_SHOWN = 200;
/** The app's handle in admin addresses (shopify.app.toml). */
const APP_HANDLE = "catalog-motion";

/** What the library's billing.check answers (its amounts already numbers). */
export interface BillingCheck {
  appSubscriptions: AppSubscription[];
}

/** Where Shopify sends the merchant after the approval page: this page, inside admin. */
export function billingReturnUrl(shop: string): string {
  const bridge = env().APP_BRIDGE_URL;
  const adminOrigin = insideEmulatedAdmin() && bridge ? new URL(bridge).origin : "https://admin.shopify.com";
  return `${adminOrigin}/store/${shop.replace(/\.myshopify\.com$/, "")}/apps/${APP_HANDLE}/app/billing`;
}

/** The usage line of the shop's active subscription, as the library reports it. */
export function usageLineOf(check: BillingCheck): { subscription: AppSubscription; lineItemId: string; pricing: UsageAppPlan } | null {
  for (const subscription of check.appSubscriptions) {
    if (subscription.name !== USAGE_PLAN || subscription.status !== "ACTIVE") continue;
    for (const line of subscription.lineItems ?? []) {
      const pricing = line.plan.pricingDetails;
      if ("cappedAmount" in pricing) return { subscription, lineItemId: line.id, pricing };
    }
  }
  return null;
}

/** Saves what billing.check says, and lets sending follow it. */
export async function syncFromCheck(db: Database, queues: PipelineQueues, shop: string, check: BillingCheck): Promise<void> {
  const usage = usageLineOf(check);
  if (usage) {
    const { pricing } = usage;
    await saveSubscription(db, shop, {
      subscriptionId: usage.subscription.id,
      status: "ACTIVE",
      cappedAmountCents: Math.round(Number(pricing.cappedAmount?.amount ?? 0) * 100),
      balanceUsedCents: Math.round(Number(pricing.balanceUsed?.amount ?? 0) * 100),
      currency: pricing.cappedAmount?.currencyCode ?? USAGE_PLAN_CONFIG.currencyCode,
      currentPeriodEnd: usage.subscription.currentPeriodEnd ? new Date(usage.subscription.currentPeriodEnd) : null,
    });
  }
  const sending = await applyBillingToSending(db, shop, queues);
  if (usage && sending === "sending") await sendWaitingCharges(db, queues, shop);
}

export interface ChargeRow {
  jobId: string;
  productTitle: string;
  createdAt: string;
  amountCents: number;
  currency: string;
  status: string;
  statusLabel: string;
}

export async function loadBillingPage(db: Database, shop: string) {
  const plan = await planOf(db, shop);
  const billing = await shopBilling(db, shop);
  const settings = await db.shopSettings.findUnique({ where: { shop }, select: { sendingPausedReason: true } });
  const pause = settings ? pauseOf(settings) : null;
  const periodStart = billing.currentPeriodEnd ? new Date(billing.currentPeriodEnd.getTime() - PERIOD_MS) : null;
  const periodWhere = { shop, ...(periodStart ? { createdAt: { gte: periodStart } } : {}) };
  const [charged, waiting, freeUsed, charges] = await Promise.all([
    db.usageCharge.aggregate({ where: { ...periodWhere, status: "recorded" }, _sum: { amountCents: true }, _count: true }),
    db.usageCharge.aggregate({ where: { shop, status: "pending" }, _sum: { amountCents: true }, _count: true }),
    db.usageCharge.count({ where: { shop, status: "free" } }),
    db.usageCharge.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: CHARGES_SHOWN }),
  ]);
  const titles = new Map(
    (
      await db.videoJob.findMany({ where: { shop, id: { in: charges.map((c) => c.jobId) } }, select: { id: true, productTitle: true } })
    ).map((j) => [j.id, j.productTitle]),
  );
  const active = billing.status === "ACTIVE";
  const billingPause: SendingPauseReason | null = pause === "billing_cap" || pause === "subscription_inactive" ? pause : null;
  return {
    plan,
    planName: plan === "own_key" ? "Bring your own key" : USAGE_PLAN_CONFIG.name,
    active,
    status: billing.status,
    currency: billing.currency,
    cappedAmountCents: billing.cappedAmountCents,
    balanceUsedCents: billing.balanceUsedCents,
    capRemainingCents: capRemainingCents(billing),
    approachingCap: active && (billing.approachingCapAt !== null || billing.balanceUsedCents >= 0.9 * billing.cappedAmountCents),
    currentPeriodEnd: billing.currentPeriodEnd?.toISOString() ?? null,
    chargedThisPeriod: { clips: charged._count, cents: charged._sum.amountCents ?? 0 },
    waiting: { clips: waiting._count, cents: waiting._sum.amountCents ?? 0 },
    freeClipsLeft: plan === "own_key" ? 0 : Math.max(0, USAGE_PLAN_CONFIG.freeClips - freeUsed),
    freeClips: USAGE_PLAN_CONFIG.freeClips,
    billingPause,
    terms: USAGE_PLAN_CONFIG.terms,
    higherCaps: USAGE_PLAN_CONFIG.higherCapsCents.filter((c) => c > billing.cappedAmountCents),
    nextClipMayNotFit: active && capRemainingCents(billing) < dearestClipCents(),
    charges: charges.map((c): ChargeRow => ({
      jobId: c.jobId,
      productTitle: titles.get(c.jobId) ?? "Product",
      createdAt: c.createdAt.toISOString(),
      amountCents: c.amountCents,
      currency: c.currency,
      status: c.status,
      statusLabel: chargeStatusLabel(c.status),
    })),
  };
}
