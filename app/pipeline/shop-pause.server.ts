// Stopping a shop's renders for a reason that is the shop's, not a job's: the
// store's video limit or file storage is full, the billing cap is reached, the
// subscription is inactive. Nothing is failed and nothing paid for is lost:
// waiting jobs move to "paused" (through the state machine), finished clips
// wait in "publishing" with the reason, and resumeSending puts it all back.
import type { Database } from "~/db.server";
import { transitionMany } from "~/jobs/state-machine.server";
import { logger } from "~/logging/logger.server";
import { forgetShopSettings } from "~/settings/settings-cache.server";
import { shopSettings } from "~/settings/shop-settings.server";

export type SendingPauseReason = "store_video_limit" | "file_storage_limit" | "billing_cap" | "subscription_inactive";

export const SENDING_PAUSE_REASONS: readonly SendingPauseReason[] = [
  "store_video_limit",
  "file_storage_limit",
  "billing_cap",
  "subscription_inactive",
];

/** Reasons that also stop publishing: Shopify itself has no room for another video. */
export const STORE_ROOM_REASONS: readonly SendingPauseReason[] = ["store_video_limit", "file_storage_limit"];

export function isSendingPauseReason(value: string | null | undefined): value is SendingPauseReason {
  return (SENDING_PAUSE_REASONS as readonly (string | null | undefined)[]).includes(value);
}

/** A shop's sending pause as stored, or null when it is sending. */
export function pauseOf(settings: { sendingPausedReason: string | null }): SendingPauseReason | null {
  return isSendingPauseReason(settings.sendingPausedReason) ? settings.sendingPausedReason : null;
}

/** Whether publishing must wait too: Shopify refuses new videos for this reason. */
export function blocksPublishing(reason: SendingPauseReason | null): boolean {
  return reason !== null && STORE_ROOM_REASONS.includes(reason);
}

export function pauseReasonMessage(reason: SendingPauseReason): string {
  switch (reason) {
    case "store_video_limit":
      return "Your store has as many videos as your Shopify plan allows, so we stopped making new ones. Finished clips are kept. Delete videos you no longer need in Shopify admin (Content > Files) or upgrade your plan, then choose “Resume”.";
    case "file_storage_limit":
      return "Your store's file storage is full, so we stopped making new videos. Finished clips are kept. Delete files you no longer need in Shopify admin (Content > Files), then choose “Resume”.";
    case "billing_cap":
      return "This month's spending limit for Catalog Motion is reached, so we stopped making new videos. Raise the limit when Shopify asks you to approve it, then choose “Resume”.";
    case "subscription_inactive":
      return "Your Catalog Motion subscription is not active, so we stopped making new videos. Approve the subscription in the app, then choose “Resume”.";
  }
}

/** What the admin pages show while the shop's sending is paused, or null. */
export async function sendingPauseOf(
  db: Database,
  shop: string,
): Promise<{ message: string; canResume: boolean; billing: boolean } | null> {
  const reason = pauseOf(await shopSettings(db, shop));
  return reason
    ? {
        message: pauseReasonMessage(reason),
        canResume: STORE_ROOM_REASONS.includes(reason),
        // The merchant resumes these by approving on the billing page.
        billing: reason === "billing_cap" || reason === "subscription_inactive",
      }
    : null;
}

/** Only this many jobs move per transaction, so a 100,000-job shop never holds the write lock for long. */
const CHUNK = 2_000;

/**
 * Stops sending the shop's renders. The first reason stays recorded (the
 * merchant fixes that one first); every queued job moves to "paused" with the
 * reason either way. Idempotent: a second call changes nothing more.
 */
export async function pauseSending(db: Database, shop: string, reason: SendingPauseReason, now = new Date()): Promise<void> {
  const settings = await shopSettings(db, shop);
  if (!settings.sendingPausedReason) {
    await db.shopSettings.updateMany({
      where: { shop, sendingPausedReason: null },
      data: { sendingPausedReason: reason, sendingPausedAt: now },
    });
    forgetShopSettings(db, shop);
    logger.info({ shop, reason }, "sending paused for the shop");
  }
  await pauseQueuedJobs(db, shop, pauseOf(await shopSettings(db, shop)) ?? reason);
}

/** Moves the shop's waiting jobs to "paused" with the reason; the dispatcher calls it for a paused shop's stragglers too. */
export async function pauseQueuedJobs(db: Database, shop: string, reason: SendingPauseReason): Promise<number> {
  const detail = pauseReasonMessage(reason);
  let moved = 0;
  for (;;) {
    const ids = (
      await db.videoJob.findMany({ where: { shop, status: "queued" }, select: { id: true }, orderBy: { createdAt: "asc" }, take: CHUNK })
    ).map((j) => j.id);
    if (ids.length === 0) return moved;
    const chunk = await transitionMany(db, { shop, jobIds: ids, from: ["queued"], to: "paused", patch: { pausedReason: reason }, detail });
    moved += chunk.length;
    if (chunk.length === 0) return moved;
  }
}

/** What resuming asks of the queues: a dispatch round, and publishing of the clips that waited. */
export interface ResumeQueues {
  requestDispatch(): Promise<boolean>;
  requestPublish(videoJobId: string): Promise<boolean>;
}

/**
 * Lifts the pause (only when its reason is among `reasons`, if given), moves
 * the paused jobs of those reasons back to queued, and lets finished clips
 * that waited for room publish again. Returns how many jobs were queued again.
 * With `queues` it dispatches and publishes at once; without, the worker's
 * periodic dispatch and the reconciler pick them up within a round.
 */
export async function resumeSending(
  db: Database,
  shop: string,
  reasons?: SendingPauseReason[],
  queues?: ResumeQueues,
  /** At most this many paused jobs go back to the queue (the room the store has); the rest stay paused. */
  limit = Number.POSITIVE_INFINITY,
): Promise<number> {
  const lifted = reasons ?? [...SENDING_PAUSE_REASONS];
  const current = pauseOf(await shopSettings(db, shop));
  if (current && lifted.includes(current)) {
    await db.shopSettings.updateMany({
      where: { shop, sendingPausedReason: current },
      data: { sendingPausedReason: null, sendingPausedAt: null },
    });
    forgetShopSettings(db, shop);
    logger.info({ shop, reason: current }, "sending resumed for the shop");
  }
  // A reason that was not lifted still holds: its jobs stay paused.
  const stillPaused = pauseOf(await shopSettings(db, shop));
  const resumable = stillPaused ? [] : lifted;
  let queued = 0;
  while (queued < limit) {
    const ids = (
      await db.videoJob.findMany({
        where: { shop, status: "paused", pausedReason: { in: resumable } },
        select: { id: true },
        // The oldest first, and the same ones on every try when they were made in the same instant.
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        take: Math.min(CHUNK, limit - queued),
      })
    ).map((j) => j.id);
    if (ids.length === 0) break;
    const chunk = await transitionMany(db, { shop, jobIds: ids, from: ["paused"], to: "queued", detail: "Resumed" });
    queued += chunk.length;
    if (chunk.length === 0) break;
  }
  // Finished clips that waited for room: their reason goes, and publishing picks them up.
  const waiting = await db.videoJob.findMany({
    where: { shop, status: "publishing", pausedReason: { in: resumable.filter((r) => STORE_ROOM_REASONS.includes(r)) } },
    select: { id: true },
  });
  if (waiting.length > 0) {
    await db.videoJob.updateMany({ where: { id: { in: waiting.map((w) => w.id) } }, data: { pausedReason: null } });
  }
  if (queues) {
    for (const { id } of waiting) await queues.requestPublish(id);
    await queues.requestDispatch();
  }
  return queued;
}
