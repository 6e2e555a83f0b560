// Seeded randomness, so a run with the same seed and the same request order
// makes the same fault decisions and render times (mulberry32).
import crypto from "node:crypto";

export interface Random {
  /** In [0, 1). */
  next(): number;
  /** True with probability `rate` (0 never, 1 always). */
  chance(rate: number): boolean;
  /** An integer in [min, max]. */
  between(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function randomSeed(): number {
  return crypto.randomBytes(4).readUInt32LE(0);
}

export function createRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Draw even for 0 and 1 so that changing one rate does not shift every later decision.
    chance: (rate) => next() < rate,
    between: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}
