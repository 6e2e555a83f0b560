// Small statistics helpers shared by the scenarios.
import { createRandom } from "../../dev/shared/random";

/** Nearest-rank percentile of unsorted samples; null when there are none. */
export function percentile(samples: ArrayLike<number>, p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = Float64Array.from(samples).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/** Jain's fairness index of non-negative allocations: 1 is perfectly fair, 1/n is one taker. */
export function jainIndex(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sum = values.reduce((a, b) => a + b, 0);
  const squares = values.reduce((a, b) => a + b * b, 0);
  return squares === 0 ? null : (sum * sum) / (values.length * squares);
}

export function round(value: number | null, digits = 2): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A deterministic shuffle (the simulator's seeded generator), so runs send callbacks in the same order. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const random = createRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `probe` returns a truthy value, or throws after the timeout. */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | null | false>,
  options: { timeoutMs: number; everyMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${options.what}`);
    await sleep(options.everyMs ?? 100);
  }
}

/** Max-min fair shares of `capacity` among demands (water-filling). */
export function fairShares(capacity: number, demands: readonly number[]): number[] {
  const shares = demands.map(() => 0);
  let remaining = capacity;
  const order = demands.map((d, i) => ({ d, i })).sort((a, b) => a.d - b.d);
  order.forEach(({ d, i }, k) => {
    const even = remaining / (order.length - k);
    shares[i] = Math.min(d, even);
    remaining -= shares[i];
  });
  return shares;
}
