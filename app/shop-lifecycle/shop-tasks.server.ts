// Work a Shopify webhook asked for and a worker finishes: calling off an
// uninstalled shop's unfinished jobs, erasing a redacted shop. The webhook
// writes a ShopTask row and answers; the row, not the queue entry, is what
// says the work is owed (shop-task-worker.server.ts runs it and sweeps for
// rows whose queue entry was lost).
import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";

export type ShopTaskKind = "cancel-work" | "erase-shop";

/**
 * Handled deliveries are remembered this long (their ids are what recognises
 * a repeat): Shopify retries a failed delivery 8 times over 4 hours.
 */
export const HANDLED_WEBHOOK_RETENTION_MS = 48 * 3_600_000;

/**
 * Records that `kind` must happen for `shop`, once: a second request while
 * one is unfinished returns the same task.
 */
export async function recordShopTask(tx: Prisma.TransactionClient, shop: string, kind: ShopTaskKind, now = new Date()): Promise<string> {
  const open = await tx.shopTask.findFirst({ where: { shop, kind, finishedAt: null }, select: { id: true } });
  if (open) return open.id;
  const { id } = await tx.shopTask.create({ data: { id: `task_${crypto.randomUUID()}`, shop, kind, requestedAt: now } });
  return id;
}
