// app/uninstalled: the shop's work stops. The webhook writes, in one short
// transaction and whatever the shop's size: the mark (from then on the
// dispatcher gives the shop no slot and the submit step refuses it), the end
// of its sessions (no more Admin API calls on its behalf), and a task for a
// worker to call off its unfinished jobs, which for a big catalog takes far
// longer than Shopify's 5 s. Every step is safe to repeat.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db.server";
import { UNFINISHED_STATUSES } from "~/jobs/status";
import { transitionShopChunk } from "~/jobs/state-machine.server";
import { recordShopTask } from "./shop-tasks.server";

export const UNINSTALLED_DETAIL = "The app was uninstalled";

/** Jobs called off per transaction: short enough that web requests never wait long for the write lock. */
const CANCEL_CHUNK = 1_000;

export interface UninstallRecord {
  shopTaskId: string;
  deletedSessions: number;
}

export async function recordUninstall(tx: Prisma.TransactionClient, shop: string, now = new Date()): Promise<UninstallRecord> {
  await markUninstalled(tx, shop, now);
  const { count: deletedSessions } = await tx.session.deleteMany({ where: { shop } });
  const shopTaskId = await recordShopTask(tx, shop, "cancel-work", now);
  return { shopTaskId, deletedSessions };
}

/** The first uninstall time stays: a repeated delivery must not move it. */
export async function markUninstalled(tx: Prisma.TransactionClient, shop: string, now: Date): Promise<void> {
  await tx.shopSettings.upsert({ where: { shop }, create: { shop, uninstalledAt: now }, update: {} });
  await tx.shopSettings.updateMany({ where: { shop, uninstalledAt: null }, data: { uninstalledAt: now } });
}

/**
 * The worker's part: every job the shop asked for before it uninstalled and
 * that has not finished is cancelled through the state machine, a chunk per
 * transaction. Jobs created after `uninstalledAt` (the shop installed again)
 * are left alone. Returns how many this run cancelled.
 */
export async function cancelUninstalledShopWork(db: Database, shop: string, uninstalledAt: Date): Promise<number> {
  let cancelled = 0;
  for (;;) {
    const moved = await transitionShopChunk(db, {
      shop,
      from: UNFINISHED_STATUSES,
      to: "cancelled",
      createdUpTo: uninstalledAt,
      limit: CANCEL_CHUNK,
      detail: UNINSTALLED_DETAIL,
    });
    cancelled += moved.length;
    if (moved.length < CANCEL_CHUNK) return cancelled;
    // Lets the process's timers and sockets run between chunks (SQLite's driver answers synchronously).
    await nextTurn();
  }
}

/**
 * The counterpart, for shopify.server.ts's afterAuth hook: a shop that
 * installs again gets its work back (createBatch refuses uninstalled shops).
 */
export async function markInstalled(db: Database, shop: string): Promise<void> {
  await db.shopSettings.updateMany({ where: { shop, uninstalledAt: { not: null } }, data: { uninstalledAt: null } });
}
