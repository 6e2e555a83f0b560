// How many more videos the store can host. Shopify limits hosted videos and
// 3D models per plan (shopify.dev, "Manage media for products": Basic 250,
// Shopify 1,000, Advanced 5,000; Shopify Plus: no published number, ask Plus
// Support). The estimate before a batch reads the shop's plan and counts its
// videos through the Admin API, then takes off the clips this app is still
// making for the shop, which will need room too.
import type { Database } from "~/db.server";
import { UNFINISHED_STATUSES } from "~/jobs/status";
import { logger } from "~/logging/logger.server";
import type { AdminClient } from "~/shopify-admin/admin-client";

export const STORE_PLAN = /* GraphQL */ `
  #graphql
  query StorePlan {
    shop {
      plan {
        publicDisplayName
        shopifyPlus
        partnerDevelopment
      }
    }
  }
`;

export const STORE_HOSTED_MEDIA = /* GraphQL */ `
  #graphql
  query StoreHostedMedia($query: String!, $after: String) {
    files(first: 250, after: $after, query: $query) {
      nodes {
        id
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface StorePlanData {
  shop: { plan: { publicDisplayName: string; shopifyPlus: boolean; partnerDevelopment: boolean } };
}
interface StoreHostedMediaData {
  files: { nodes: { id: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** Published hosted-video limits by ShopPlan.publicDisplayName ("Grow" is the plan admin calls Shopify). */
const PUBLISHED_VIDEO_LIMITS: Record<string, number> = {
  Basic: 250,
  Grow: 1_000,
  Shopify: 1_000,
  Advanced: 5_000,
};

/** What the estimate says about the store's room for videos. */
export interface StoreVideoRoom {
  /** The plan as Shopify names it, e.g. "Basic". */
  plan: string | null;
  /** Shopify's published number for the plan; null when it publishes none (Shopify Plus) or the plan is unknown. */
  limit: number | null;
  /** Videos and 3D models the store hosts now (counted up to the limit). */
  hosted: number | null;
  /** Clips this app is still making or publishing for the shop. */
  comingFromApp: number;
  /** How many more videos fit: the field the estimate and the "make only the first N" choice use. Null when unknown. */
  storeVideosLeft: number | null;
  /** The estimate's sentence, in the merchant's words. */
  note: string;
}

export function videoLimitOfPlan(plan: StorePlanData["shop"]["plan"]): number | null {
  if (plan.shopifyPlus) return null;
  return PUBLISHED_VIDEO_LIMITS[plan.publicDisplayName] ?? null;
}

/** Counts the store's hosted videos and 3D models, stopping once `upTo` is reached (no need to read further). */
export async function countHostedVideos(admin: AdminClient, upTo: number | null): Promise<number> {
  let count = 0;
  for (const query of ["media_type:VIDEO", "media_type:MODEL_3D"]) {
    let after: string | null = null;
    for (;;) {
      const data: StoreHostedMediaData = await admin.request<StoreHostedMediaData>(STORE_HOSTED_MEDIA, { query, after });
      count += data.files.nodes.length;
      if (upTo !== null && count >= upTo) return count;
      if (!data.files.pageInfo.hasNextPage) break;
      after = data.files.pageInfo.endCursor;
    }
  }
  return count;
}

/** The shop's clips that will need room: not final, and not yet attached (an attached one is already among the store's files). */
async function clipsComing(db: Database, shop: string): Promise<number> {
  return db.videoJob.count({ where: { shop, status: { in: [...UNFINISHED_STATUSES] }, mediaId: null } });
}

export function storeRoomNote(room: Omit<StoreVideoRoom, "note">): string {
  if (room.plan === null) return "We could not read your store's plan just now, so the estimate leaves out Shopify's video limit.";
  if (room.limit === null) {
    return `Shopify publishes no video limit for the ${room.plan} plan; Shopify Plus Support can tell you yours.`;
  }
  const left = room.storeVideosLeft ?? 0;
  const plan = `Your ${room.plan} plan hosts up to ${room.limit.toLocaleString("en-US")} videos`;
  if (left === 0) return `${plan}, and your store has no room left. Delete videos you no longer need in Shopify admin first.`;
  return `${plan}: room for ${left.toLocaleString("en-US")} more.`;
}

/** Per process, a minute: the page is opened often and counting a big store's videos costs points. */
const CACHE_MS = 60_000;
const CACHE_SHOPS = 1_000;
const cache = new Map<string, { at: number; plan: string; limit: number | null; hosted: number | null }>();

export async function storeVideoRoom(
  ctx: { db: Database; adminFor(shop: string): Promise<AdminClient | null> },
  shop: string,
  now = Date.now(),
): Promise<StoreVideoRoom> {
  const comingFromApp = await clipsComing(ctx.db, shop);
  let known = cache.get(shop);
  if (!known || now - known.at > CACHE_MS) {
    try {
      const admin = await ctx.adminFor(shop);
      if (!admin) throw new Error("no access to the shop");
      const { shop: info } = await admin.request<StorePlanData>(STORE_PLAN, {});
      const limit = videoLimitOfPlan(info.plan);
      known = { at: now, plan: info.plan.publicDisplayName, limit, hosted: limit === null ? null : await countHostedVideos(admin, limit) };
      if (cache.size >= CACHE_SHOPS) cache.delete(cache.keys().next().value!);
      cache.set(shop, known);
    } catch (error) {
      logger.warn({ shop, err: (error as Error).message }, "the store's video limit could not be read");
      const room = { plan: null, limit: null, hosted: null, comingFromApp, storeVideosLeft: null };
      return { ...room, note: storeRoomNote(room) };
    }
  }
  const storeVideosLeft = known.limit === null || known.hosted === null ? null : Math.max(0, known.limit - known.hosted - comingFromApp);
  const room = { plan: known.plan, limit: known.limit, hosted: known.hosted, comingFromApp, storeVideosLeft };
  return { ...room, note: storeRoomNote(room) };
}

/** After the merchant freed room or a batch was made: the next estimate reads the store again. */
export function forgetStoreVideoRoom(shop: string): void {
  cache.delete(shop);
}
