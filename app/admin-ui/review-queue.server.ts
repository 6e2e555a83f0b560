// Clips waiting for the merchant's approval (shops with auto-publish off),
// a dozen at a time so the page never loads hundreds of videos.
import type { Database } from "~/db.server";
import { shopSettings } from "~/settings/shop-settings.server";

export const CLIPS_PER_PAGE = 12;

export interface ClipForReview {
  id: string;
  batchId: string;
  productTitle: string;
  sku: string | null;
  outputUrl: string | null;
  imageUrl: string;
  prompt: string;
}

export interface ReviewQueue {
  clips: ClipForReview[];
  total: number;
  nextAfter: string | null;
  /** Whether this is a later page (the first page needs no cursor). */
  paged: boolean;
  autoPublish: boolean;
}

export async function loadReviewQueue(db: Database, shop: string, search: URLSearchParams): Promise<ReviewQueue> {
  const after = search.get("after");
  const where = { shop, status: "awaiting_review" };
  const [rows, total, settings] = await Promise.all([
    db.videoJob.findMany({
      where: after ? { ...where, id: { gt: after } } : where,
      orderBy: { id: "asc" },
      take: CLIPS_PER_PAGE + 1,
      select: { id: true, batchId: true, productTitle: true, sku: true, outputUrl: true, imageUrl: true, prompt: true },
    }),
    db.videoJob.count({ where }),
    shopSettings(db, shop),
  ]);
  const clips = rows.slice(0, CLIPS_PER_PAGE);
  return {
    clips,
    total,
    nextAfter: rows.length > CLIPS_PER_PAGE ? clips[clips.length - 1].id : null,
    paged: Boolean(after),
    autoPublish: settings.autoPublish,
  };
}
