// What every resolver of one GraphQL request can see: the calling shop and
// the emulator's state. Resolvers never reach another shop's records.
import type { Random } from "../shared/random";
import type { AppBilling } from "./billing";
import type { BulkOperations } from "./bulk-operations";
import type { Catalog, ShopRecord } from "./catalog";
import type { AdminFaults } from "./faults";
import type { MediaTiming } from "./media-processing";
import type { StagedUploads } from "./staged-uploads";
import type { AdminEmulatorStats } from "./stats";

export interface RequestContext {
  shop: ShopRecord;
  /** The access scopes of the request's token, comma-separated. */
  scopes: string;
  catalog: Catalog;
  uploads: StagedUploads;
  /** The app's subscriptions and usage records (Shopify Billing). */
  billing: AppBilling;
  bulk: BulkOperations;
  stats: AdminEmulatorStats;
  faults: AdminFaults;
  random: Random;
  timing: MediaTiming;
  baseUrl: string;
  /** One clock reading per request, so a media's status is the same wherever it appears in the answer. */
  now: number;
}
