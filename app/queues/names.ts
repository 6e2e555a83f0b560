// Queue names, in the product's words. The database is the source of truth;
// these queues only carry "do this next" messages with ids, never data or secrets.
// What each entry is called and how often it is retried: queues.server.ts.
export const QUEUES = {
  /** Decides which queued video jobs go to the provider next (fair, capped). */
  dispatch: "render-dispatch",
  /** Sends one video job to the provider. */
  submit: "render-submit",
  /** Puts one finished clip on its product. */
  publish: "video-publish",
  /** Periodic reconciliation of the database with the provider and the queues. */
  reconcile: "reconcile",
  /** Work a Shopify webhook asked for (an uninstalled shop's work, a redacted shop's data). */
  shopTasks: "shop-tasks",
} as const;

export interface SubmitPayload {
  videoJobId: string;
}
export interface PublishPayload {
  videoJobId: string;
}
export interface ShopTaskPayload {
  shopTaskId: string;
}
