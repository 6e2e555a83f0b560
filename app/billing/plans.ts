// The app's plans, in one place: what a clip costs a shop that renders on the
// operator's provider account, the monthly limit a merchant approves, the
// terms Shopify shows on the approval page, and the free clips. The Shopify
// library's billing config (shopify.server.ts), the charges, the estimate and
// the billing page all read this; the README documents it.

/** Shopify's plan name: the approval page and currentAppInstallation show it. */
export const USAGE_PLAN = "Catalog Motion pay per clip";

export type PlanId = "usage" | "own_key";

/** Clip prices in cents, by clip length (seconds) and model; "*" is any other model of a provider. */
type PriceTable = Readonly<Record<number, Readonly<Record<string, number>>>>;

export interface UsagePlanConfig {
  name: string;
  currencyCode: "USD";
  /** The monthly limit a new subscription asks the merchant to approve. */
  cappedAmountCents: number;
  /** Higher limits the billing page offers when the cap is near or reached. */
  higherCapsCents: readonly number[];
  terms: string;
  /** The shop's first published clips are free (before or after it approves the plan), to try the app. */
  freeClips: number;
  pricePerClipCents: PriceTable;
}

export const USAGE_PLAN_CONFIG: UsagePlanConfig = {
  name: USAGE_PLAN,
  currencyCode: "USD",
  cappedAmountCents: 50_00,
  higherCapsCents: [100_00, 250_00, 500_00, 1_000_00],
  terms:
    "$0.60 per 5-second clip and $1.10 per 10-second clip with the most lifelike models (Kling v3, Automatic), $0.40 / $0.75 with Seedance 1.5 Pro, $0.20 / $0.35 for zoom and pan clips. Charged when a clip goes live on a product page; clips that fail or that you reject are free. The first 3 clips are free.",
  freeClips: 3,
  pricePerClipCents: {
    5: { "kling-v3": 60, auto: 60, "seedance-1.5-pro": 40, "zoom-in": 20, "pan-right": 20, "pan-left": 20, "*": 60 },
    10: { "kling-v3": 110, auto: 110, "seedance-1.5-pro": 75, "zoom-in": 35, "pan-right": 35, "pan-left": 35, "*": 110 },
  },
};

/**
 * What one published clip costs, in cents. An unknown length is priced as the
 * next longer one, and an unknown model as the dearest ("*"): a price is never
 * below what the terms say.
 */
export function clipPriceCents(clip: { model: string; duration: number }, plan: UsagePlanConfig = USAGE_PLAN_CONFIG): number {
  const lengths = Object.keys(plan.pricePerClipCents)
    .map(Number)
    .sort((a, b) => a - b);
  const length = lengths.find((l) => l >= clip.duration) ?? lengths[lengths.length - 1];
  const prices = plan.pricePerClipCents[length];
  return prices[clip.model] ?? prices["*"];
}

/** The dearest clip: with less than this left under the cap, the next clip may not be chargeable. */
export function dearestClipCents(plan: UsagePlanConfig = USAGE_PLAN_CONFIG): number {
  return Math.max(...Object.values(plan.pricePerClipCents).flatMap((prices) => Object.values(prices)));
}

export function centsToAmount(cents: number): number {
  return Math.round(cents) / 100;
}
