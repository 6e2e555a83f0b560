// The store's own limits, as Shopify enforces them (shopify.dev, "Manage
// media for products"): hosted videos (and 3D models) per plan, file storage
// per plan, and a video-creation throttle. Refusals carry Shopify's codes:
// productCreateMedia answers SHOP_MEDIA_LIMIT_EXCEEDED or
// VIDEO_THROTTLE_EXCEEDED in mediaUserErrors; storage beyond the plan's shows
// later, as the video FAILED with FILE_STORAGE_LIMIT_EXCEEDED in mediaErrors.
// Each catalog has its own limits; a shop's plan is set with setPlan.
import type { Catalog, MediaRecord, VideoProcessing } from "./catalog";
import { videoStatusAt } from "./media-processing";

/** ShopPlan.publicDisplayName values the emulator models, with the published numbers; Plus has none (null). */
export const PLAN_LIMITS = {
  Basic: { videos: 250, storageBytes: 100 * 1024 ** 3 },
  Grow: { videos: 1_000, storageBytes: 300 * 1024 ** 3 },
  Advanced: { videos: 5_000, storageBytes: 300 * 1024 ** 3 },
  Plus: { videos: null, storageBytes: 300 * 1024 ** 3 },
  Development: { videos: 250, storageBytes: 100 * 1024 ** 3 },
} as const satisfies Record<string, { videos: number | null; storageBytes: number }>;

export type EmulatedPlan = keyof typeof PLAN_LIMITS;

interface ShopLimits {
  plan: EmulatedPlan;
  /** Overrides the plan's video limit (a Plus store's negotiated number). */
  videoLimit?: number | null;
  /** Bytes already used by files the emulator does not hold (images, documents). */
  otherFilesBytes: number;
  storageBytes?: number;
  /** Every video creation until then is refused with VIDEO_THROTTLE_EXCEEDED. */
  throttledUntil: number;
  /** Or: at most this many video creations per window. */
  throttle?: { videos: number; perMs: number; recent: number[] };
}

export class StoreLimits {
  private readonly shops = new Map<string, ShopLimits>();

  constructor(private readonly catalog: Catalog) {}

  private of(shop: string): ShopLimits {
    let limits = this.shops.get(shop);
    if (!limits) {
      // Advanced by default, so tests that are not about limits never meet one.
      limits = { plan: "Advanced", otherFilesBytes: 0, throttledUntil: 0 };
      this.shops.set(shop, limits);
    }
    return limits;
  }

  setPlan(shop: string, plan: EmulatedPlan, options: { videoLimit?: number | null; storageBytes?: number } = {}): void {
    Object.assign(this.of(shop), { plan, videoLimit: options.videoLimit, storageBytes: options.storageBytes });
  }

  planOf(shop: string): EmulatedPlan {
    return this.of(shop).plan;
  }

  /** Storage already taken by the shop's other files. */
  setOtherFilesBytes(shop: string, bytes: number): void {
    this.of(shop).otherFilesBytes = bytes;
  }

  /** Refuses every video creation of the shop for `ms` (Shopify's throttle, injected). */
  throttleVideosFor(shop: string, ms: number, now = Date.now()): void {
    this.of(shop).throttledUntil = now + ms;
  }

  /** At most `videos` creations per `perMs`; null removes the throttle. */
  setVideoThrottle(shop: string, throttle: { videos: number; perMs: number } | null): void {
    this.of(shop).throttle = throttle ? { ...throttle, recent: [] } : undefined;
  }

  videoLimit(shop: string): number | null {
    const limits = this.of(shop);
    return limits.videoLimit !== undefined ? limits.videoLimit : PLAN_LIMITS[limits.plan].videos;
  }

  storageLimit(shop: string): number {
    const limits = this.of(shop);
    return limits.storageBytes ?? PLAN_LIMITS[limits.plan].storageBytes;
  }

  /** The shop's hosted videos that count against its plan: every one not FAILED. */
  hostedVideos(shop: string, now: number): MediaRecord[] {
    return [...this.catalog.media.values()].filter(
      (m) => m.shop === shop && m.kind === "VIDEO" && (!m.video || videoStatusAt(m.video, now) !== "FAILED"),
    );
  }

  storageUsed(shop: string, now: number): number {
    return this.of(shop).otherFilesBytes + this.hostedVideos(shop, now).reduce((sum, m) => sum + (m.video?.fileSize ?? 0), 0);
  }

  /** Shopify's refusal of `count` new videos for the shop now, or null when it takes them. */
  refusalOfVideos(shop: string, count: number, now: number): { code: string; message: string } | null {
    const limits = this.of(shop);
    if (now < limits.throttledUntil) return { code: "VIDEO_THROTTLE_EXCEEDED", message: "Video creation throttle was exceeded." };
    if (limits.throttle) {
      const { perMs, videos } = limits.throttle;
      limits.throttle.recent = limits.throttle.recent.filter((at) => at > now - perMs);
      if (limits.throttle.recent.length + count > videos) {
        return { code: "VIDEO_THROTTLE_EXCEEDED", message: "Video creation throttle was exceeded." };
      }
    }
    const limit = this.videoLimit(shop);
    if (limit !== null && this.hostedVideos(shop, now).length + count > limit) {
      return { code: "SHOP_MEDIA_LIMIT_EXCEEDED", message: "Exceeded the limit of media per shop." };
    }
    return null;
  }

  /** Counts accepted creations against the throttle's window. */
  recordVideos(shop: string, count: number, now: number): void {
    const throttle = this.of(shop).throttle;
    if (throttle) for (let i = 0; i < count; i++) throttle.recent.push(now);
  }

  /** A new video whose bytes do not fit the shop's storage fails processing, as Shopify reports it. */
  withinStorage(shop: string, video: VideoProcessing, now: number): VideoProcessing {
    if (this.storageUsed(shop, now) + video.fileSize <= this.storageLimit(shop)) return video;
    return {
      ...video,
      outcome: {
        status: "FAILED",
        code: "FILE_STORAGE_LIMIT_EXCEEDED",
        details: "Media could not be created because the cumulative file storage limit would be exceeded.",
        message: "Media could not be created because the cumulative file storage limit would be exceeded.",
      },
    };
  }
}

const limitsOfCatalog = new WeakMap<Catalog, StoreLimits>();

/** The store limits that go with a catalog (created on first use). */
export function storeLimitsOf(catalog: Catalog): StoreLimits {
  let limits = limitsOfCatalog.get(catalog);
  if (!limits) {
    limits = new StoreLimits(catalog);
    limitsOfCatalog.set(catalog, limits);
  }
  return limits;
}

/** Seeds `count` READY hosted videos in the shop's Files (a store that already has videos). */
export function addHostedVideos(catalog: Catalog, shop: string, count: number, fileSize = 1_000_000): MediaRecord[] {
  return Array.from({ length: count }, () => {
    const media: MediaRecord = {
      id: catalog.nextId(),
      shop,
      productId: null,
      kind: "VIDEO",
      alt: null,
      createdAt: 0,
      video: { stagedUploadId: 0, filename: "existing.mp4", fileSize, processingAt: 0, settledAt: 0, outcome: { status: "READY" } },
    };
    catalog.media.set(media.id, media);
    return media;
  });
}
