// The money side of the estimate before generating, for a shop on the usage
// plan: what each clip would cost, free clips left, and what is left of this
// month's limit. A shop with its own provider key gets null (it pays its
// provider; credits are its estimate).
import type { Database } from "~/db.server";
import { clipPriceCents, USAGE_PLAN_CONFIG } from "./plans";
import { capRemainingCents, isActive, planOf, shopBilling } from "./subscription-state.server";

export interface MoneyEstimate {
  currency: string;
  /** Cents per clip, by model id and clip length in seconds. */
  pricesCents: Record<string, Record<string, number>>;
  freeClipsLeft: number;
  /** Null until the plan is approved. */
  capRemainingCents: number | null;
}

export async function moneyEstimate(
  db: Database,
  shop: string,
  models: { id: string }[],
  durations: readonly number[],
): Promise<MoneyEstimate | null> {
  if ((await planOf(db, shop)) === "own_key") return null;
  const billing = await shopBilling(db, shop);
  const freeUsed = await db.usageCharge.count({ where: { shop, status: "free" } });
  return {
    currency: billing.currency,
    pricesCents: Object.fromEntries(
      models.map((m) => [m.id, Object.fromEntries(durations.map((d) => [String(d), clipPriceCents({ model: m.id, duration: d })]))]),
    ),
    freeClipsLeft: Math.max(0, USAGE_PLAN_CONFIG.freeClips - freeUsed),
    capRemainingCents: isActive(billing) ? capRemainingCents(billing) : null,
  };
}
