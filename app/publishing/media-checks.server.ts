// When to look again at a video Shopify is processing. Shopify usually
// finishes a short clip within a minute, so the first looks come quickly and
// later ones spread out: a publish spends a handful of cheap queries on
// readiness, not one every 500 ms, and no worker slot waits in between.

/** Delay before the nth look (1-based): 2 s, 4 s, 8 s, 16 s, 32 s, then every 60 s. */
export function mediaCheckDelayMs(check: number, firstDelayMs = 2_000): number {
  return Math.min(firstDelayMs * 2 ** Math.max(0, check - 1), Math.max(firstDelayMs, 60_000));
}

/** About half an hour of looking (2+4+8+16+32 s, then 60 s each) before saying Shopify did not finish. */
export const MAX_MEDIA_CHECKS = 33;

export const PROCESSING_TOO_LONG =
  "Shopify did not finish processing this video within half an hour, so we stopped waiting. Retry publishing, or regenerate the clip.";
