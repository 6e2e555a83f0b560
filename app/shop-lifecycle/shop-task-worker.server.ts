// The worker side of shop tasks (shop-tasks.server.ts). Every step is
// idempotent and commits chunk by chunk, so a run cut off anywhere (a worker
// killed, a deploy) is finished by the next one; the periodic sweep gives
// every unfinished task a queue entry again, whatever happened to Redis.
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { Database } from "~/db.server";
import type { ClipStore } from "~/clips/clip-store.server";
import { logger } from "~/logging/logger.server";
import { SHOP_TASK_SWEEP, type PipelineQueues } from "~/queues/queues.server";
import { QUEUES, type ShopTaskPayload } from "~/queues/names";
import { eraseShop } from "./shop-redact.server";
import { HANDLED_WEBHOOK_RETENTION_MS, type ShopTaskKind } from "./shop-tasks.server";
import { cancelUninstalledShopWork } from "./uninstall.server";

export type ShopTaskOutcome = "finished" | "already-done";

export async function runShopTask(db: Database, shopTaskId: string, clipStore?: ClipStore): Promise<ShopTaskOutcome> {
  const task = await db.shopTask.findUnique({ where: { id: shopTaskId } });
  // An erased shop's tasks are erased with it: nothing is owed any more.
  if (!task || task.finishedAt) return "already-done";
  await db.shopTask.updateMany({ where: { id: task.id }, data: { attempts: { increment: 1 } } });
  try {
    switch (task.kind as ShopTaskKind) {
      case "erase-shop":
        await eraseShop(db, task.shop, clipStore);
        logger.info({ shop: task.shop }, "shop redacted: all of its data was deleted");
        break;
      case "cancel-work": {
        const cancelled = await cancelUninstalledShopWork(db, task.shop, task.requestedAt);
        logger.info({ shop: task.shop, cancelled }, "app uninstalled: the shop's unfinished video jobs were cancelled");
        break;
      }
      default:
        throw new Error(`"${task.kind}" is not a kind of shop task`);
    }
    // updateMany: an erase removes its own row when it is done.
    await db.shopTask.updateMany({ where: { id: task.id, finishedAt: null }, data: { finishedAt: new Date(), lastError: null } });
    return "finished";
  } catch (error) {
    await db.shopTask.updateMany({ where: { id: task.id }, data: { lastError: (error as Error).message.slice(0, 500) } }).catch(() => {});
    throw error;
  }
}

export interface ShopTaskSweep {
  unfinishedTasks: number;
  prunedWebhooks: number;
}

const SWEEP_BATCH = 100;

/**
 * The safety net: every unfinished task gets a queue entry (the queue ignores
 * one that is already there, running or waiting), and delivery records older
 * than Shopify's retry window are dropped.
 */
export async function sweepShopTasks(db: Database, queues: PipelineQueues, now = new Date()): Promise<ShopTaskSweep> {
  const unfinished = await db.shopTask.findMany({
    where: { finishedAt: null },
    orderBy: { requestedAt: "asc" },
    select: { id: true },
    take: SWEEP_BATCH,
  });
  for (const { id } of unfinished) await queues.requestShopTask(id);
  const { count: prunedWebhooks } = await db.shopifyWebhook.deleteMany({
    where: { receivedAt: { lt: new Date(now.getTime() - HANDLED_WEBHOOK_RETENTION_MS) } },
  });
  return { unfinishedTasks: unfinished.length, prunedWebhooks };
}

export interface ShopTaskWorker {
  worker: Worker<ShopTaskPayload>;
  /** Puts the periodic sweep in place (again: Redis can be flushed under a running worker). */
  schedule(): Promise<void>;
}

export function startShopTaskWorker(
  db: Database,
  queues: PipelineQueues,
  connection: Redis,
  sweepEveryMs: number,
  clipStore?: ClipStore,
): ShopTaskWorker {
  const worker = new Worker<ShopTaskPayload>(
    QUEUES.shopTasks,
    async (job) => {
      if (job.name === SHOP_TASK_SWEEP) {
        const sweep = await sweepShopTasks(db, queues);
        if (sweep.prunedWebhooks > 0) logger.info(sweep, "shop tasks swept");
        return;
      }
      await runShopTask(db, job.data.shopTaskId, clipStore);
    },
    {
      connection,
      prefix: queues.prefix,
      // A long erase and the sweep can run side by side.
      concurrency: 2,
      // A killed worker's task is picked up by another within about 20 s
      // rather than BullMQ's default minute; chunks are short, so the lock
      // is renewed long before it lapses.
      lockDuration: 15_000,
      stalledInterval: 5_000,
    },
  );
  return {
    worker,
    async schedule() {
      await queues.scheduleShopTaskSweep(sweepEveryMs);
    },
  };
}
