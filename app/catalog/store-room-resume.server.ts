// The merchant's "Resume" after the store ran out of room for videos: the
// store is read again, and only as many paused videos go back to the video
// studio as it now has room for (the clips already made, waiting to publish,
// come first), so no render is paid for that Shopify would refuse.
import { forgetStoreVideoRoom, storeVideoRoom } from "./store-limits.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { shopSettings } from "~/settings/shop-settings.server";
import { pauseOf, resumeSending, STORE_ROOM_REASONS } from "~/pipeline/shop-pause.server";

export type StoreRoomResume = { ok: true; resumed: number; stillPaused: number } | { ok: false; message: string };

export async function resumeWhenStoreHasRoom(ctx: PipelineContext, shop: string): Promise<StoreRoomResume> {
  const reason = pauseOf(await shopSettings(ctx.db, shop));
  if (reason && !STORE_ROOM_REASONS.includes(reason)) {
    return { ok: false, message: "Sending is paused for a reason that is not the store's room; see the message on the page." };
  }
  const pausedForRoom = { shop, status: "paused", pausedReason: { in: [...STORE_ROOM_REASONS] } };
  forgetStoreVideoRoom(shop);
  const room = await storeVideoRoom(ctx, shop);
  // What the paused videos may take: the store's room after everything else the app is making for it.
  const paused = await ctx.db.videoJob.count({ where: pausedForRoom });
  const fits =
    room.limit === null || room.hosted === null ? undefined : Math.max(0, room.limit - room.hosted - (room.comingFromApp - paused));
  if (fits === 0 && reason === "store_video_limit") {
    return {
      ok: false,
      message:
        "Your store still has no room for another video. Delete videos you no longer need in Shopify admin (Content > Files), then resume.",
    };
  }
  const resumed = await resumeSending(ctx.db, shop, [...STORE_ROOM_REASONS], ctx.queues, fits);
  const stillPaused = await ctx.db.videoJob.count({ where: pausedForRoom });
  forgetStoreVideoRoom(shop);
  return { ok: true, resumed, stillPaused };
}
