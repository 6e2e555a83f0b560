// What the pipeline needs from its surroundings, gathered in one object so
// workers, routes and tests build it the same way and tests can vary it.
import type { Database } from "~/db.server";
import { decryptSecret } from "~/security/secret-box.server";
import { recentShopSettings } from "~/settings/settings-cache.server";
import { operatorAccountsFromEnv, profileOf, videoProviderFor } from "~/providers/registry.server";
import type { CallbackAddressee, ProviderName, VideoProvider } from "~/providers/provider";
import type { PipelineQueues } from "~/queues/queues.server";
import type { AppEnv } from "~/config/env.server";
import type { AdminClient } from "~/shopify-admin/admin-client";
import type { LookupAddress } from "node:dns";
import type { ClipStore } from "~/clips/clip-store.server";
import { clipStoreFromEnv } from "~/clips/clip-stores.server";

export interface PipelineContext {
  db: Database;
  queues: PipelineQueues;
  /** Renders in flight at the provider, across all processes. */
  globalCap: number;
  renderPollAfterMs: number;
  renderTimeoutMs: number;
  /** How long a retry waits for the callback of a submission whose answer was lost. */
  unansweredSubmitWaitMs?: number;
  /** How long a job must sit unchanged before the reconciler treats its queue entry as lost. */
  settleMs?: number;
  /** Public origin the provider calls back. */
  callbackOrigin: string;
  providerBaseUrls: Partial<Record<ProviderName, string>>;
  /** The Admin API on a shop's behalf (its stored offline session); null when the app lost access. */
  adminFor(shop: string): Promise<AdminClient | null>;
  /** Delay before the first look at a video Shopify is processing (later looks wait longer); default 2 s. */
  mediaCheckFirstDelayMs?: number;
  /** How long a shop's publishing waits after Shopify's video throttle; default a minute. */
  videoThrottlePauseMs?: number;
  operatorKeys: Partial<Record<ProviderName, string>>;
  /** Where finished clips and their posters are kept once copied from the provider. */
  clipStore: ClipStore;
  /** How long a clip is kept after its video is live on the product. */
  clipRetentionMs?: number;
  /** Origins finished clips may also be fetched from, loopback included: the provider simulator's (sandbox and tests only). */
  clipSourceDevOrigins?: readonly string[];
  /** How a manifest's photo hosts are looked up before their photos are checked: the system's DNS unless set (tests). */
  photoHostLookup?: (hostname: string) => Promise<LookupAddress[]>;
}

export function pipelineContextFromEnv(
  env: AppEnv,
  db: Database,
  queues: PipelineQueues,
  adminFor: PipelineContext["adminFor"],
): PipelineContext {
  return {
    db,
    queues,
    adminFor,
    globalCap: env.RENDER_GLOBAL_CAP,
    renderPollAfterMs: env.RENDER_POLL_AFTER_SECONDS * 1000,
    renderTimeoutMs: env.RENDER_TIMEOUT_MINUTES * 60_000,
    unansweredSubmitWaitMs: env.SUBMIT_UNANSWERED_WAIT_SECONDS * 1000,
    callbackOrigin: env.PUBLIC_CALLBACK_ORIGIN ?? env.SHOPIFY_APP_URL,
    ...operatorAccountsFromEnv(env),
    clipSourceDevOrigins: env.CLIP_SOURCE_DEV_ORIGINS,
    clipStore: clipStoreFromEnv(env),
    clipRetentionMs: env.CLIP_RETENTION_DAYS * 86_400_000,
  };
}

export class MissingProviderKeyError extends Error {}

/** The provider a shop uses, with its key (the shop's own, else the operator's). */
export async function providerForShop(ctx: PipelineContext, shop: string, name?: ProviderName): Promise<VideoProvider> {
  const settings = await recentShopSettings(ctx.db, shop);
  const providerName = name ?? (settings.provider as ProviderName);
  const ownKey = settings.provider === providerName && settings.providerApiKey ? decryptSecret(settings.providerApiKey) : undefined;
  const apiKey = ownKey ?? ctx.operatorKeys[providerName];
  if (!apiKey) {
    throw new MissingProviderKeyError("No API key is set for the video provider. Add one in Settings.");
  }
  return videoProviderFor(providerName, { apiKey, baseUrl: ctx.providerBaseUrls[providerName] });
}

/**
 * Where the provider calls back about a job (its profile decides the form).
 * Every form names the submission attempt, so a callback (or a replay of one)
 * for an earlier attempt can never move the current one.
 */
export function callbackUrlFor(ctx: PipelineContext, provider: ProviderName, job: CallbackAddressee): string {
  return profileOf(provider).callbackUrl(ctx.callbackOrigin.replace(/\/$/, ""), job);
}
