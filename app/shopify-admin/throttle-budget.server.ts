// The app's estimate of a shop's Admin API cost bucket, shared by every
// gateway for that shop in this process. Shopify refuses a query the bucket
// cannot cover (THROTTLED); waiting for the bucket to refill before sending is
// cheaper than being refused and retrying.

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface Bucket {
  status: ThrottleStatus | null;
  /** When status.currentlyAvailable was last set, for refilling at restoreRate. */
  at: number;
  /** Points reserved by calls sent but not answered yet. */
  inFlight: number;
  /** The first call for a shop goes alone; the rest wait to learn the bucket from its answer. */
  probe: { answered: Promise<void>; release(): void } | null;
}

export interface ThrottleBudget {
  /** Waits until the bucket should cover `cost`, then reserves it. Returns the time waited (ms). */
  reserve(cost: number): Promise<number>;
  /** Releases a reservation, adopting Shopify's view of the bucket when the answer had one. */
  settle(cost: number, status: ThrottleStatus | null): void;
}

const buckets = new Map<string, Bucket>();

export function throttleBudgetFor(shop: string, clock: { now(): number; sleep(ms: number): Promise<void> }): ThrottleBudget {
  let bucket = buckets.get(shop);
  if (!bucket) {
    bucket = { status: null, at: 0, inFlight: 0, probe: null };
    buckets.set(shop, bucket);
  }
  const b = bucket;

  const refilled = (now: number): number | null => {
    if (!b.status) return null;
    const restored = ((now - b.at) / 1000) * b.status.restoreRate;
    return Math.min(b.status.maximumAvailable, b.status.currentlyAvailable + restored);
  };

  return {
    async reserve(cost) {
      const started = clock.now();
      for (;;) {
        if (!b.status) {
          if (!b.probe) {
            let release = () => {};
            const answered = new Promise<void>((resolve) => (release = resolve));
            b.probe = { answered, release };
            b.inFlight += cost;
            return clock.now() - started;
          }
          await b.probe.answered;
          continue;
        }
        const now = clock.now();
        const available = refilled(now) ?? 0;
        // A cost above the bucket's size can never be covered: send it when
        // the bucket is full and let Shopify answer.
        const needed = Math.min(cost, b.status.maximumAvailable);
        if (available >= needed) {
          b.status = { ...b.status, currentlyAvailable: available - needed };
          b.at = now;
          b.inFlight += cost;
          return now - started;
        }
        await clock.sleep(Math.ceil(((needed - available) / b.status.restoreRate) * 1000));
      }
    },
    settle(cost, status) {
      b.inFlight = Math.max(0, b.inFlight - cost);
      if (status) {
        // Shopify's figure already counts the calls it has answered; calls
        // still in flight may not be in it yet, so keep them reserved.
        b.status = { ...status, currentlyAvailable: Math.max(0, status.currentlyAvailable - b.inFlight) };
        b.at = clock.now();
      }
      if (b.probe) {
        const { release } = b.probe;
        b.probe = null;
        release();
      }
    },
  };
}

/** Tests start each scenario with no knowledge of any shop's bucket. */
export function forgetThrottleBudgets(): void {
  buckets.clear();
}
