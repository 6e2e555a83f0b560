// app/uninstalled: the shop's work stops. In this order, so nothing slips
// through between the steps: the mark first (the dispatcher gives the shop no
// slot and the submit step refuses it from then on), then the sessions (no
// more Admin API calls on its behalf), then its jobs are called off.
// Every step is safe to repeat: Shopify delivers webhooks at least once.
import type { Database } from "~/db.server";
import type { JobStatus } from "~/jobs/status";
import { transitionMany } from "~/jobs/state-machine.server";

export const UNINSTALLED_DETAIL = "The app was uninstalled";

/** Everything not finished, renders at the provider included. */
const UNFINISHED: readonly JobStatus[] = ["queued", "submitting", "rendering", "awaiting_review", "publishing"];

export interface UninstallOutcome {
  cancelledJobs: number;
  deletedSessions: number;
}

export async function stopShopWork(db: Database, shop: string, now = new Date()): Promise<UninstallOutcome> {
  // The first uninstall time stays: a repeated delivery must not move it.
  await db.shopSettings.upsert({ where: { shop }, create: { shop, uninstalledAt: now }, update: {} });
  await db.shopSettings.updateMany({ where: { shop, uninstalledAt: null }, data: { uninstalledAt: now } });
  const { count: deletedSessions } = await db.session.deleteMany({ where: { shop } });
  const cancelled = await transitionMany(db, { shop, from: UNFINISHED, to: "cancelled", detail: UNINSTALLED_DETAIL });
  return { cancelledJobs: cancelled.length, deletedSessions };
}

/**
 * The counterpart, for shopify.server.ts's afterAuth hook: a shop that
 * installs again gets its work back (createBatch refuses uninstalled shops).
 */
export async function markInstalled(db: Database, shop: string): Promise<void> {
  await db.shopSettings.updateMany({ where: { shop, uninstalledAt: { not: null } }, data: { uninstalledAt: null } });
}
