// Queue names, in the product's words. The database is the source of truth;
// these queues only carry "do this next" messages with ids, never data or secrets.
// What each entry is called and how often it is retried: queues.server.ts.
export const QUEUES = {
  /** Decides which queued video jobs go to the provider next (fair, capped). */
  dispatch: "render-dispatch",
  /** Sends one video job to the provider. */
  submit: "render-submit",
  /** Copies one finished clip into the app's clip store and checks it before Shopify sees it. */
  clipChecks: "clip-check",
  /** Puts one finished clip on its product. */
  publish: "video-publish",
  /** Periodic reconciliation of the database with the provider and the queues. */
  reconcile: "reconcile",
  /** Sends one published clip's charge to Shopify (a usage record), and the periodic sweep of charges. */
  usageCharges: "usage-charges",
  /** Work a Shopify webhook asked for (an uninstalled shop's work, a redacted shop's data). */
  shopTasks: "shop-tasks",
  /** Follows one catalog read (a bulk operation on the shop) until its products are a batch. */
  catalogReads: "catalog-reads",
} as const;

export interface SubmitPayload {
  videoJobId: string;
}
export interface ClipCheckPayload {
  videoJobId: string;
}
export interface PublishPayload {
  videoJobId: string;
}
export interface UsageChargePayload {
  videoJobId: string;
}
export interface ShopTaskPayload {
  shopTaskId: string;
}
export interface CatalogReadPayload {
  catalogReadId: string;
}
