// shop/redact (48 hours after an uninstall): nothing of the shop stays. The
// webhook ends the sessions, keeps the shop marked uninstalled (no work
// starts while the erase runs) and records the erase; a worker erases.
import { setImmediate as nextTurn } from "node:timers/promises";
import type { Prisma } from "@prisma/client";
import type { Database } from "~/db.server";
import { shopPrefix, type ClipStore } from "~/clips/clip-store.server";
import { shopJobsToErase } from "~/jobs/video-job-sql.server";
import { recordShopTask } from "./shop-tasks.server";
import { markUninstalled } from "./uninstall.server";

/** Jobs erased per transaction, with their timelines and provider callbacks (under the 999 values Prisma binds per SQLite statement). */
const ERASE_CHUNK = 500;

export async function recordShopRedact(tx: Prisma.TransactionClient, shop: string, now = new Date()): Promise<{ shopTaskId: string }> {
  await markUninstalled(tx, shop, now);
  await tx.session.deleteMany({ where: { shop } });
  return { shopTaskId: await recordShopTask(tx, shop, "erase-shop", now) };
}

/**
 * Every clip and row of the shop, a chunk of jobs per transaction. Provider callbacks
 * carry no shop, so they go with the jobs whose generation ids they name, in
 * the same transaction. The settings row (the uninstalled mark) goes after
 * the last job, and the shop's tasks last, this one included. Safe to repeat;
 * a run cut off midway is finished by the next.
 */
export async function eraseShop(db: Database, shop: string, clipStore?: ClipStore): Promise<void> {
  // The shop's clips and posters first: once the rows are gone, nothing would name them.
  await clipStore?.removePrefix(shopPrefix(shop));
  for (;;) {
    const jobs = await shopJobsToErase(db, shop, ERASE_CHUNK);
    if (jobs.length === 0) break;
    const ids = jobs.map((j) => j.id);
    // A generation id is unique per provider, not across providers.
    const byProvider = new Map<string, string[]>();
    for (const job of jobs) if (job.generationId) byProvider.set(job.provider, [...(byProvider.get(job.provider) ?? []), job.generationId]);
    await db.$transaction(async (tx) => {
      if (byProvider.size > 0) {
        await tx.providerCallback.deleteMany({
          where: { OR: [...byProvider].map(([provider, generationIds]) => ({ provider, generationId: { in: generationIds } })) },
        });
      }
      await tx.jobEvent.deleteMany({ where: { jobId: { in: ids } } });
      await tx.videoJob.deleteMany({ where: { id: { in: ids }, shop } });
    });
    // SQLite's driver answers synchronously: without a turn of the event loop
    // between chunks, the process's timers (the queue lock's renewal) and
    // sockets would wait for the whole erase.
    await nextTurn();
  }
  await db.jobEvent.deleteMany({ where: { shop } });
  await db.batch.deleteMany({ where: { shop } });
  await db.shopSettings.deleteMany({ where: { shop } });
  await db.session.deleteMany({ where: { shop } });
  await db.shopifyWebhook.deleteMany({ where: { shop } });
  await db.shopTask.deleteMany({ where: { shop } });
  await db.shopCreditMonth.deleteMany({ where: { shop } });
  await db.catalogRead.deleteMany({ where: { shop } });
  await db.usageCharge.deleteMany({ where: { shop } });
  await db.shopBilling.deleteMany({ where: { shop } });
}
