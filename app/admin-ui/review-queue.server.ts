// Clips for the merchant's review (shops that turned auto-publish off), a
// page of 24 at a time, grouped by product: a product whose clip is already
// live, or which has several clips waiting, says so, because approving both
// adds two videos to its page. Filtered by batch and by where a clip stands.
import { clipLinksOf } from "~/clips/clip-links.server";
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db.server";
import { shopSettings } from "~/settings/shop-settings.server";
import { REVIEW_VIEWS, type ReviewViewId } from "./review-views";

export const CLIPS_PER_PAGE = 24;

export interface ClipForReview {
  id: string;
  batchId: string;
  productId: string;
  productTitle: string;
  sku: string | null;
  outputUrl: string | null;
  /** The clip and its poster frame from the app's clip store (signed links). */
  clipUrl: string | null;
  posterUrl: string | null;
  /** Why the fidelity check held the clip for review, when it did. */
  fidelityNote: string | null;
  imageUrl: string;
  prompt: string;
  aspectRatio: string;
  status: string;
  createdAt: string;
}

export interface ProductGroup {
  productId: string;
  productTitle: string;
  /** Clips of this product the app already put on its page. */
  liveFromApp: number;
  /** Clips of this product waiting for review, in every batch (this page shows some of them). */
  waiting: number;
  clips: ClipForReview[];
}

export interface ReviewQueue {
  view: ReviewViewId;
  batch: { id: string; title: string } | null;
  batches: { id: string; title: string }[];
  groups: ProductGroup[];
  total: number;
  /** The next page's cursor, null on the last page. */
  nextAfter: string | null;
  /** Whether this is a later page (the first page needs no cursor). */
  paged: boolean;
  autoPublish: boolean;
}

/** Batches offered in the filter: the latest ones that have a clip in the chosen view. */
const BATCHES_IN_FILTER = 50;

/** A cursor is "<productId> <jobId>": the page goes on after that clip, in (product, clip) order. */
function cursorOf(value: string | null): { productId: string; id: string } | null {
  if (!value) return null;
  const [productId, id] = value.split(" ");
  return productId && id ? { productId, id } : null;
}

function viewOf(value: string | null): ReviewViewId {
  return REVIEW_VIEWS.find((v) => v.id === value)?.id ?? "waiting";
}

export async function loadReviewQueue(db: Database, shop: string, search: URLSearchParams): Promise<ReviewQueue> {
  const view = viewOf(search.get("status"));
  const statuses = [...REVIEW_VIEWS.find((v) => v.id === view)!.statuses];
  const batchId = search.get("batch");
  const batch = batchId ? await db.batch.findFirst({ where: { id: batchId, shop }, select: { id: true, title: true } }) : null;
  const after = cursorOf(search.get("after"));
  const where: Prisma.VideoJobWhereInput = { shop, status: { in: statuses }, ...(batch ? { batchId: batch.id } : {}) };
  const page: Prisma.VideoJobWhereInput = after
    ? { ...where, OR: [{ productId: { gt: after.productId } }, { productId: after.productId, id: { gt: after.id } }] }
    : where;

  const [rows, total, settings, batchRows] = await Promise.all([
    db.videoJob.findMany({
      where: page,
      orderBy: [{ productId: "asc" }, { id: "asc" }],
      take: CLIPS_PER_PAGE + 1,
      select: {
        id: true,
        batchId: true,
        productId: true,
        productTitle: true,
        sku: true,
        outputUrl: true,
        clipKey: true,
        posterKey: true,
        clipRemovedAt: true,
        fidelityNote: true,
        imageUrl: true,
        prompt: true,
        aspectRatio: true,
        status: true,
        createdAt: true,
      },
    }),
    db.videoJob.count({ where }),
    shopSettings(db, shop),
    db.batch.findMany({
      where: { shop, jobs: { some: { status: { in: statuses } } } },
      orderBy: { createdAt: "desc" },
      take: BATCHES_IN_FILTER,
      select: { id: true, title: true },
    }),
  ]);
  const clips = rows.slice(0, CLIPS_PER_PAGE);
  const productIds = [...new Set(clips.map((c) => c.productId))];
  const [live, waiting] = await Promise.all([
    productIds.length === 0
      ? []
      : db.videoJob.groupBy({
          by: ["productId"],
          where: { shop, productId: { in: productIds }, status: "published" },
          _count: { _all: true },
        }),
    productIds.length === 0
      ? []
      : db.videoJob.groupBy({
          by: ["productId"],
          where: { shop, productId: { in: productIds }, status: "awaiting_review" },
          _count: { _all: true },
        }),
  ]);
  const liveBy = new Map(live.map((g) => [g.productId, g._count._all]));
  const waitingBy = new Map(waiting.map((g) => [g.productId, g._count._all]));

  const groups: ProductGroup[] = [];
  for (const clip of clips) {
    let group = groups[groups.length - 1];
    if (!group || group.productId !== clip.productId) {
      group = {
        productId: clip.productId,
        productTitle: clip.productTitle,
        liveFromApp: liveBy.get(clip.productId) ?? 0,
        waiting: waitingBy.get(clip.productId) ?? 0,
        clips: [],
      };
      groups.push(group);
    }
    const { clipKey: _clipKey, posterKey: _posterKey, clipRemovedAt: _removed, ...shown } = clip;
    group.clips.push({ ...shown, ...clipLinksOf(clip), createdAt: clip.createdAt.toISOString() });
  }
  const last = clips[clips.length - 1];
  return {
    view,
    batch,
    batches: batch && !batchRows.some((b) => b.id === batch.id) ? [batch, ...batchRows] : batchRows,
    groups,
    total,
    nextAfter: rows.length > CLIPS_PER_PAGE && last ? `${last.productId} ${last.id}` : null,
    paged: Boolean(after),
    autoPublish: settings.autoPublish,
  };
}
