// The queues a process produces into, and the only place that names their
// entries and says how often each is retried (names.ts names the queues).
// One instance per process; producers fail fast when Redis is away, and
// callers treat that as "the reconciler will pick it up", never as a lost job.
import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import { logger } from "~/logging/logger.server";
import {
  QUEUES,
  type CatalogReadPayload,
  type ClipCheckPayload,
  type PublishPayload,
  type ShopTaskPayload,
  type SubmitPayload,
} from "./names";

// One entry per video job or shop task: while an entry exists, asking again
// is a no-op (BullMQ dedupes by id), and the reconciler looks entries up by
// these ids to find the ones Redis lost. The database stays the real guard.
export const submitEntryId = (videoJobId: string) => `submit-${videoJobId}`;
export const clipCheckEntryId = (videoJobId: string) => `clip-check-${videoJobId}`;
export const publishEntryId = (videoJobId: string) => `publish-${videoJobId}`;
/** The nth later look at a video Shopify is processing: each is its own entry, so one never swallows the next. */
export const mediaCheckEntryId = (videoJobId: string, check: number) => `publish-${videoJobId}-check-${check}`;
/** Publishing again once the shop's publishing pause (Shopify's video throttle) is over. */
export const publishResumeEntryId = (videoJobId: string, atMs: number) => `publish-${videoJobId}-resume-${atMs}`;
export const shopTaskEntryId = (shopTaskId: string) => `shop-task-${shopTaskId}`;
/** A published clip's usage record; Shopify's idempotency key (the job id) is the real guard against a double charge. */
export const usageChargeEntryId = (videoJobId: string) => `usage-charge-${videoJobId}`;
/** The periodic sweep of charges shares their queue; the worker tells it apart by this name. */
export const USAGE_CHARGE_SWEEP = "sweep-usage-charges";
export const catalogReadEntryId = (catalogReadId: string) => `catalog-read-${catalogReadId}`;
/** The one dispatch entry: a request while it waits joins it. */
const DISPATCH_ENTRY_ID = "dispatch";
const RECONCILE_SCHEDULE = "reconcile";
/** The periodic sweep's entries share the shop-task queue; the worker tells them apart by this name. */
export const SHOP_TASK_SWEEP = "sweep-shop-tasks";

const SUBMIT_RETRIES: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: true,
  removeOnFail: true,
};
// A clip copy that fails (the provider's CDN slow to serve, a 404 before it
// caught up) is tried again over about a minute and a half, then the job fails.
const CLIP_CHECK_RETRIES: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 3_000 },
  removeOnComplete: true,
  removeOnFail: 1_000,
};
const PUBLISH_RETRIES: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: 1_000,
};
// Shop-task steps are idempotent and resume where they stopped, so retrying is always safe.
const SHOP_TASK_RETRIES: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: true,
};
const ONE_OFF: JobsOptions = { removeOnComplete: true, removeOnFail: true };
// Sending a charge again is safe (same idempotency key): retry through a Shopify outage of a few minutes, then the sweep takes over.
export const USAGE_CHARGE_RETRIES: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: true,
  removeOnFail: true,
};
export const USAGE_CHARGE_SWEEP_OPTIONS: JobsOptions = ONE_OFF;
// A catalog read's steps are recorded on its row, so a retry continues from there.
const CATALOG_READ_RETRIES: JobsOptions = {
  attempts: 6,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: true,
  removeOnFail: true,
};

export interface PipelineQueues {
  connection: Redis;
  /** Redis key prefix; tests give each run its own. */
  prefix: string;
  dispatch: Queue;
  submit: Queue<SubmitPayload>;
  clipChecks: Queue<ClipCheckPayload>;
  publish: Queue<PublishPayload>;
  reconcile: Queue;
  shopTasks: Queue<ShopTaskPayload>;
  catalogReads: Queue<CatalogReadPayload>;
  /**
   * Asks a worker to look at a catalog read now (its operation finished, or
   * it may start): a waiting entry is brought forward. Never throws; false
   * when Redis is away (the worker's sweep queues it).
   */
  requestCatalogRead(catalogReadId: string): Promise<boolean>;
  /** Queues submission of video jobs the dispatcher just claimed. Throws when Redis is away (the reconciler queues them again). */
  requestSubmits(videoJobIds: string[]): Promise<void>;
  /** Queues submission of a job whose entry vanished; false when it still has one. */
  requeueSubmit(videoJobId: string): Promise<boolean>;
  /** Queues the copy and checks of one finished clip. Never throws; false when Redis is away (the reconciler queues it). */
  requestClipCheck(videoJobId: string): Promise<boolean>;
  /** Queues the checks of a job whose entry vanished; false when it still has one or Redis is away. */
  requeueClipCheck(videoJobId: string): Promise<boolean>;
  /**
   * Queues publishing of a job whose entry vanished; false when it still has
   * one (its first entry, its media check number `mediaChecks`, or its
   * resumption at `resumeAtMs`) or Redis is away.
   */
  requeuePublish(videoJobId: string, later?: { mediaChecks?: number; resumeAtMs?: number | null }): Promise<boolean>;
  /** Queues the `check`th look at a video Shopify is processing, `delayMs` from now. Never throws; false when Redis is away. */
  requestMediaCheck(videoJobId: string, check: number, delayMs: number): Promise<boolean>;
  /** Queues publishing at `atMs` (after the shop's publishing pause). Never throws; false when Redis is away. */
  requestPublishAt(videoJobId: string, atMs: number): Promise<boolean>;
  /** Puts the periodic reconciler in place (again: Redis can be flushed under a running worker). */
  scheduleReconcile(everyMs: number): Promise<void>;
  /** Puts the periodic shop-task sweep in place. */
  scheduleShopTaskSweep(everyMs: number): Promise<void>;
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

/** Adds an entry without ever throwing: false, with a warning naming who queues it later, when Redis is away. */
export async function addedOrWarned(adding: Promise<unknown>, context: Record<string, string>, notQueued: string): Promise<boolean> {
  try {
    await withinTimeout(adding);
    return true;
  } catch (error) {
    logger.warn({ ...context, err: (error as Error).message }, notQueued);
    return false;
  }
}

export function createPipelineQueues(connection: Redis, prefix = "bull"): PipelineQueues {
  const opts = { connection, prefix };
  const dirtyKey = `${prefix}:catalog-motion:dispatch-requested`;
  const rotationKey = `${prefix}:catalog-motion:dispatch-last-shop`;
  const dispatch = new Queue(QUEUES.dispatch, opts);
  const submit = new Queue<SubmitPayload>(QUEUES.submit, opts);
  const clipChecks = new Queue<ClipCheckPayload>(QUEUES.clipChecks, opts);
  const publish = new Queue<PublishPayload>(QUEUES.publish, opts);
  const reconcile = new Queue(QUEUES.reconcile, opts);
  const shopTasks = new Queue<ShopTaskPayload>(QUEUES.shopTasks, opts);
  const catalogReads = new Queue<CatalogReadPayload>(QUEUES.catalogReads, opts);
  for (const q of [dispatch, submit, clipChecks, publish, reconcile, shopTasks, catalogReads]) q.on("error", () => {});

  // Requests arriving within a few milliseconds share one round trip: a burst
  // of callbacks asks for one dispatch round, not one each.
  let pendingDispatch: Promise<boolean> | null = null;
  const sendDispatchRequest = async () => {
    try {
      // The flag covers a request that arrives while a round is running (the
      // fixed job id below would swallow it): the running round sees it and
      // goes again.
      await withinTimeout(connection.set(dirtyKey, "1"));
      await withinTimeout(dispatch.add("dispatch", {}, { ...ONE_OFF, jobId: DISPATCH_ENTRY_ID }));
      return true;
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "dispatch request not queued; the periodic round will cover it");
      return false;
    }
  };

  const requestPublish = (videoJobId: string) =>
    addedOrWarned(
      publish.add("publish", { videoJobId }, { ...PUBLISH_RETRIES, jobId: publishEntryId(videoJobId) }),
      { videoJobId },
      "publish not queued; the reconciler will queue it",
    );

  const requestClipCheck = (videoJobId: string) =>
    addedOrWarned(
      clipChecks.add("check-clip", { videoJobId }, { ...CLIP_CHECK_RETRIES, jobId: clipCheckEntryId(videoJobId) }),
      { videoJobId },
      "clip check not queued; the reconciler will queue it",
    );

  return {
    connection,
    prefix,
    dispatch,
    submit,
    clipChecks,
    publish,
    reconcile,
    shopTasks,
    catalogReads,
    requestCatalogRead(catalogReadId) {
      const entryId = catalogReadEntryId(catalogReadId);
      const bringForward = async () => {
        const existing = await catalogReads.getJob(entryId);
        if (existing && (await existing.isDelayed())) await existing.promote();
        else if (!existing) await catalogReads.add("catalog-read", { catalogReadId }, { ...CATALOG_READ_RETRIES, jobId: entryId });
      };
      return addedOrWarned(bringForward(), { catalogReadId }, "catalog read not queued; the worker's sweep will queue it");
    },
    async requestSubmits(videoJobIds) {
      if (videoJobIds.length === 0) return;
      await submit.addBulk(
        videoJobIds.map((videoJobId) => ({
          name: "submit",
          data: { videoJobId },
          opts: { ...SUBMIT_RETRIES, jobId: submitEntryId(videoJobId) },
        })),
      );
    },
    async requeueSubmit(videoJobId) {
      if (await submit.getJob(submitEntryId(videoJobId))) return false;
      await submit.add("submit", { videoJobId }, { ...SUBMIT_RETRIES, jobId: submitEntryId(videoJobId) });
      return true;
    },
    requestClipCheck,
    async requeueClipCheck(videoJobId) {
      if (await clipChecks.getJob(clipCheckEntryId(videoJobId))) return false;
      return requestClipCheck(videoJobId);
    },
    async requeuePublish(videoJobId, later = {}) {
      const ids = [publishEntryId(videoJobId)];
      if (later.mediaChecks) ids.push(mediaCheckEntryId(videoJobId, later.mediaChecks));
      if (later.resumeAtMs) ids.push(publishResumeEntryId(videoJobId, later.resumeAtMs));
      try {
        const entries = await withinTimeout(Promise.all(ids.map((id) => publish.getJob(id))));
        if (entries.some(Boolean)) return false;
      } catch {
        return false;
      }
      return requestPublish(videoJobId);
    },
    requestMediaCheck(videoJobId, check, delayMs) {
      return addedOrWarned(
        publish.add("media-check", { videoJobId }, { ...PUBLISH_RETRIES, delay: delayMs, jobId: mediaCheckEntryId(videoJobId, check) }),
        { videoJobId },
        "media check not queued; the reconciler will queue it",
      );
    },
    requestPublishAt(videoJobId, atMs) {
      return addedOrWarned(
        publish.add(
          "publish",
          { videoJobId },
          { ...PUBLISH_RETRIES, delay: Math.max(0, atMs - Date.now()), jobId: publishResumeEntryId(videoJobId, atMs) },
        ),
        { videoJobId },
        "publish not queued; the reconciler will queue it",
      );
    },
    async scheduleReconcile(everyMs) {
      await reconcile.upsertJobScheduler(RECONCILE_SCHEDULE, { every: everyMs }, { name: RECONCILE_SCHEDULE, opts: ONE_OFF });
    },
    async scheduleShopTaskSweep(everyMs) {
      await shopTasks.upsertJobScheduler(SHOP_TASK_SWEEP, { every: everyMs }, { name: SHOP_TASK_SWEEP, opts: ONE_OFF });
    },
    requestDispatch() {
      pendingDispatch ??= new Promise<boolean>((resolve) => {
        setTimeout(() => {
          pendingDispatch = null;
          void sendDispatchRequest().then(resolve);
        }, 5);
      });
      return pendingDispatch;
    },
    requestPublish,
    requestShopTask(shopTaskId) {
      return addedOrWarned(
        shopTasks.add("run-shop-task", { shopTaskId }, { ...SHOP_TASK_RETRIES, jobId: shopTaskEntryId(shopTaskId) }),
        { shopTaskId },
        "shop task not queued; the periodic sweep will queue it",
      );
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
      await Promise.all([
        dispatch.close(),
        submit.close(),
        clipChecks.close(),
        publish.close(),
        reconcile.close(),
        shopTasks.close(),
        catalogReads.close(),
      ]);
    },
  };
}
