// Whether billing lets a shop start new videos now, for the places that
// cannot send the merchant to Shopify's approval page themselves (the admin
// extensions): a shop on the usage plan whose free clips are used and whose
// plan is not approved (or no longer active), or whose monthly limit is used
// up, would only get videos that wait. Those places say why and link to the
// billing page, which starts the approval.
import type { Database } from "~/db.server";
import { dearestClipCents, USAGE_PLAN_CONFIG } from "./plans";
import { capRemainingCents, isActive, planOf, shopBilling } from "./subscription-state.server";

export interface BillingHold {
  reason: "approve_plan" | "raise_limit";
  /** For the merchant, as is. */
  message: string;
}

/** The app's page where the merchant approves the plan or a higher limit. */
export const BILLING_PAGE_PATH = "/app/billing";

export async function billingHoldOnNewVideos(db: Database, shop: string): Promise<BillingHold | null> {
  if ((await planOf(db, shop)) === "own_key") return null;
  const billing = await shopBilling(db, shop);
  if (isActive(billing)) {
    if (capRemainingCents(billing) >= dearestClipCents()) return null;
    return {
      reason: "raise_limit",
      message: "This month's limit is used up, so new videos would only wait. Approve a higher monthly limit in Catalog Motion's billing.",
    };
  }
  const freeUsed = await db.usageCharge.count({ where: { shop, status: "free" } });
  if (freeUsed < USAGE_PLAN_CONFIG.freeClips) return null;
  return {
    reason: "approve_plan",
    message: `Your ${USAGE_PLAN_CONFIG.freeClips} free videos are used. Approve the Catalog Motion plan in its billing to make more.`,
  };
}
