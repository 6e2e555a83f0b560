// Shopify's leaky bucket per shop: a query's requested cost is taken up front
// (or the query is THROTTLED when the bucket cannot cover it), the difference
// to its actual cost is given back afterwards, and the bucket refills at
// restoreRate points per second up to maximumAvailable.

export interface BucketSettings {
  /** Shopify's standard plan: 2,000 points. */
  maximumAvailable: number;
  /** Shopify's standard plan: 100 points per second. */
  restoreRate: number;
}

export const STANDARD_PLAN: BucketSettings = { maximumAvailable: 2000, restoreRate: 100 };

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

export interface ShopBuckets {
  /** Takes `cost` from the shop's bucket; false (and nothing taken) when it holds less. */
  take(shop: string, cost: number): boolean;
  refund(shop: string, points: number): void;
  status(shop: string): ThrottleStatus;
}

export function createShopBuckets(settings: BucketSettings, now: () => number = Date.now): ShopBuckets {
  if (!(settings.maximumAvailable > 0) || !(settings.restoreRate > 0))
    throw new Error("A cost bucket needs maximumAvailable > 0 and restoreRate > 0");
  const buckets = new Map<string, { available: number; at: number }>();

  const current = (shop: string) => {
    const at = now();
    let bucket = buckets.get(shop);
    if (!bucket) {
      bucket = { available: settings.maximumAvailable, at };
      buckets.set(shop, bucket);
    }
    bucket.available = Math.min(settings.maximumAvailable, bucket.available + ((at - bucket.at) / 1000) * settings.restoreRate);
    bucket.at = at;
    return bucket;
  };

  return {
    take(shop, cost) {
      const bucket = current(shop);
      if (bucket.available < cost) return false;
      bucket.available -= cost;
      return true;
    },
    refund(shop, points) {
      const bucket = current(shop);
      bucket.available = Math.min(settings.maximumAvailable, bucket.available + Math.max(0, points));
    },
    status(shop) {
      const bucket = current(shop);
      // Shopify reports whole points, as floats ("988.0").
      return {
        maximumAvailable: settings.maximumAvailable,
        currentlyAvailable: Math.floor(bucket.available),
        restoreRate: settings.restoreRate,
      };
    },
  };
}
