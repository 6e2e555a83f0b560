// The queues a process produces into. One instance per process; producers
// fail fast when Redis is away, and callers treat that as "the reconciler
// will pick it up", never as a lost job.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/logging/logger.server";
import { QUEUES, type PublishPayload, type ShopTaskPayload, type SubmitPayload } from "./names";


export interface PipelineQueues {
  connection: Redis;
  /** Redis key prefix; tests give each run its own. */
  prefix: string;
  dispatch: Queue;
  submit: Queue<SubmitPayload>;
  publish: Queue<PublishPayload>;
  reconcile: Queue;
  shopTasks: Queue<ShopTaskPayload>;
  /** Asks for a dispatch round soon. Never throws. */
  requestDispatch(): Promise<boolean>;
  /** Queues publishing of one finished clip. Never throws; false when Redis is away. */
  requestPublish(videoJobId: string): Promise<boolean>;
  /** Queues one recorded shop task. Never throws; false when Redis is away (the periodic sweep queues it). */
  requestShopTask(shopTaskId: string): Promise<boolean>;
  /** Reads and clears the "dispatch again" flag. */
  takeDispatchRequest(): Promise<boolean>;
  /** Whether a dispatch was asked for since the flag was last taken. */
  dispatchRequested(): Promise<boolean>;
  /** The shop the dispatcher served last, so round-robin continues across rounds. */
  lastServedShop(): Promise<string | null>;
  rememberServedShop(shop: string): Promise<void>;
  close(): Promise<void>;
}

/** BullMQ waits for Redis indefinitely; a web request must not. */
const PRODUCER_TIMEOUT_MS = 1_500;

function withinTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${PRODUCER_TIMEOUT_MS} ms`)), PRODUCER_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function createPipelineQueues(connection: Redis, prefix = "bull"): PipelineQueues {
  const opts = { connection, prefix };
  const dirtyKey = `${prefix}:catalog-motion:dispatch-requested`;
  const rotationKey = `${prefix}:catalog-motion:dispatch-last-shop`;
  const dispatch = new Queue(QUEUES.dispatch, opts);
  const submit = new Queue<SubmitPayload>(QUEUES.submit, opts);
  const publish = new Queue<PublishPayload>(QUEUES.publish, opts);
  const reconcile = new Queue(QUEUES.reconcile, opts);
  const shopTasks = new Queue<ShopTaskPayload>(QUEUES.shopTasks, opts);
  for (const q of [dispatch, submit, publish, reconcile, shopTasks]) q.on("error", () => {});

  // Requests arriving within a few milliseconds share one round trip: a burst
  // of callbacks asks for one dispatch round, not one each.
  let pendingDispatch: Promise<boolean> | null = null;
  const sendDispatchRequest = async () => {
    try {
      // The flag covers a request that arrives while a round is running (the
      // fixed job id below would swallow it): the running round sees it and
      // goes again.
      await withinTimeout(connection.set(dirtyKey, "1"));
      await withinTimeout(dispatch.add("dispatch", {}, { jobId: "dispatch", removeOnComplete: true, removeOnFail: true }));
      return true;
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "dispatch request not queued; the periodic round will cover it");
      return false;
    }
  };

  return {
    connection, prefix, dispatch, submit, publish, reconcile, shopTasks,
    requestDispatch() {
      pendingDispatch ??= new Promise<boolean>((resolve) => {
        setTimeout(() => {
          pendingDispatch = null;
          void sendDispatchRequest().then(resolve);
        }, 5);
      });
      return pendingDispatch;
    },
    async requestPublish(videoJobId) {
      try {
        await withinTimeout(publish.add("publish", { videoJobId }, {
          jobId: `publish-${videoJobId}`,
          attempts: 8,
          backoff: { type: "exponential", delay: 2_000 },
          removeOnComplete: true,
          removeOnFail: 1_000,
        }));
        return true;
      } catch (error) {
        logger.warn({ videoJobId, err: (error as Error).message }, "publish not queued; the reconciler will queue it");
        return false;
      }
    },
    async requestShopTask(shopTaskId) {
      try {
        // Steps are idempotent and resume where they stopped, so retrying is always safe.
        await withinTimeout(shopTasks.add("run-shop-task", { shopTaskId }, {
          jobId: `shop-task-${shopTaskId}`,
          attempts: 5,
          backoff: { type: "exponential", delay: 5_000 },
          removeOnComplete: true,
          removeOnFail: true,
        }));
        return true;
      } catch (error) {
        logger.warn({ shopTaskId, err: (error as Error).message }, "shop task not queued; the periodic sweep will queue it");
        return false;
      }
    },
    async takeDispatchRequest() {
      return (await connection.getdel(dirtyKey)) === "1";
    },
    async dispatchRequested() {
      return (await connection.exists(dirtyKey)) === 1;
    },
    async lastServedShop() {
      return connection.get(rotationKey);
    },
    async rememberServedShop(shop) {
      await connection.set(rotationKey, shop);
    },
    async close() {
      await Promise.all([dispatch.close(), submit.close(), publish.close(), reconcile.close(), shopTasks.close()]);
    },
  };
}
