// The callback inbox: where provider callbacks are recorded, and where the
// ones that cannot be verified yet wait, bounded, until their render is known.
//   verifyForJob           a callback checked by its provider against its job;
//   applyVerifiedCallback  records a verified delivery (keyed for
//                          de-duplication) with the render result the
//                          dispatch round applies (callback-apply);
//   hold                   an unverifiable callback: digest, id, a small capped body;
//   applyHeld              the held callbacks of a render now known, verified then;
//   applyKnownHeld         the reconciler's pass over what is held;
//   purgeHeld              expired held callbacks, and the space they took.
// The callback route, the submission and the reconciler all go through here.
import crypto from "node:crypto";
import Sqlite from "better-sqlite3";
import { dialectOf, sqliteFileOf, type Database } from "~/db.server";
import { recordDeliveryRow } from "./delivery-writer.server";
import { sqlParameters } from "~/db/parameters";
import { findCallbackJob, type CallbackJob } from "~/jobs/video-job-sql.server";
import { logger } from "~/logging/logger.server";
import type { CallbackVerification, ProviderName, RenderResult, VerifiedCallback } from "~/providers/provider";
import { profileOf } from "~/providers/registry.server";
import { providerForShop, type PipelineContext } from "./context.server";
import { renderResultMove } from "./render-results.server";

/** A genuine callback is a few hundred bytes; a held one is refused above this. */
export const HELD_BODY_MAX_BYTES = 4 * 1024;
/**
 * Held callbacks per source address and in all. A provider's early callbacks
 * are rare (the render finished before we stored its id), so these leave it
 * room while a flood from elsewhere stays a few megabytes. Once full, a
 * callback is not held: a provider that retries sends it again, and polling
 * is the safety net.
 */
export const HELD_PER_SOURCE = 50;
export const HELD_IN_ALL = 500;
/** Longer than a provider's whole callback retry schedule (35 s at most) and a submission's answer. */
export const HELD_FOR_MS = 10 * 60_000;
const LONGEST_ID = 200;
/** Postgres advisory lock key for holding callbacks (the dispatch round's is 727073690). */
const HOLD_LOCK = 727073691;

/** The callback URL's parts, kept with a held callback under names no provider sends. */
const URL_TOKEN = "x-callback-token";
const URL_ATTEMPT = "x-callback-attempt";

export interface IncomingProviderCallback {
  rawBody: string;
  headers: Headers;
  /** The token in the callback URL's path, for a provider whose callback URLs carry one. */
  urlToken?: string | null;
  /** The job the callback URL names (`?job=`). */
  urlJobReference?: string | null;
  /** The submission attempt the callback URL names (`?attempt=`). */
  urlAttempt?: string | null;
  /** The client address as the web process sees it (server.js: Express's req.ip). */
  sourceAddress?: string | null;
}

/**
 * Whether a callback belongs to the job's current submission attempt. The URL
 * names the attempt; URLs made before attempts were named carry none, and
 * match only a job that has none either.
 */
export function isCurrentAttempt(job: Pick<CallbackJob, "attemptNonce">, urlAttempt: string | null | undefined): boolean {
  return (urlAttempt || null) === job.attemptNonce;
}

/** The callback as its provider judges it for this job: signature or URL token, then body. */
export async function verifyForJob(
  ctx: PipelineContext,
  provider: ProviderName,
  job: CallbackJob,
  callback: IncomingProviderCallback,
): Promise<CallbackVerification> {
  const adapter = await providerForShop(ctx, job.shop, provider);
  return adapter.verifyCallback({
    rawBody: callback.rawBody,
    headers: callback.headers,
    urlToken: callback.urlToken ?? null,
    expectedToken: job.callbackToken,
  });
}

export type ApplyOutcome = "recorded" | "duplicate" | "earlier_attempt" | "other_render";

/**
 * A verified callback of a known job: recorded, with its result, when it is
 * about the job's current render (its signed body names it, whatever the URL
 * says), for the dispatch round to apply (callback-apply.server.ts); a result
 * that asks for no move (still rendering) is recorded as applied. Otherwise
 * ignored, and recorded as such when its URL names an earlier attempt.
 * Nothing but adoption (callback-intake) takes a render from a callback, and
 * that needs the current attempt.
 */
export async function applyVerifiedCallback(
  ctx: PipelineContext,
  provider: ProviderName,
  job: CallbackJob,
  verified: VerifiedCallback,
  callback: IncomingProviderCallback,
): Promise<ApplyOutcome> {
  const { result } = verified;
  const delivery = { provider, generationId: result.generationId, status: result.status };
  if (result.generationId !== job.generationId && !isCurrentAttempt(job, callback.urlAttempt)) {
    logger.warn({ provider, jobId: job.id, generationId: result.generationId }, "callback for an earlier submission attempt; ignored");
    const deliveryKey = `earlier-attempt:${callback.urlAttempt || "none"}:${verified.deliveryKey}`;
    return (await recordDelivery(ctx.db, { ...delivery, deliveryKey }, callback, null)) ? "earlier_attempt" : "duplicate";
  }
  if (result.generationId !== job.generationId) {
    // A genuine render of this job that the job does not use (e.g. sent twice):
    // acknowledge it, or the provider keeps retrying.
    logger.warn({ provider, jobId: job.id, generationId: result.generationId }, "callback for a render the job does not use");
    return "other_render";
  }
  const toApply = renderResultMove(job, result) ? result : null;
  if (!(await recordDelivery(ctx.db, { ...delivery, deliveryKey: verified.deliveryKey }, callback, toApply))) return "duplicate";
  // Never throws, and nothing waits for it; every worker's periodic round is the safety net.
  if (toApply) void ctx.queues.requestDispatch();
  return "recorded";
}

interface Delivery {
  provider: ProviderName;
  deliveryKey: string;
  generationId: string;
  status: string;
}

/**
 * A delivery as received, under its unique key, with the headers that verify
 * it and the result still to apply (none: applied now). False when the key
 * was recorded before: a repeated delivery.
 */
function recordDelivery(
  db: Database,
  delivery: Delivery,
  callback: IncomingProviderCallback,
  toApply: RenderResult | null,
): Promise<boolean> {
  const now = new Date();
  return recordDeliveryRow(db, {
    ...delivery,
    body: callback.rawBody,
    headers: JSON.stringify(keptHeaders(delivery.provider, callback.headers)),
    receivedAt: now,
    result: toApply ? JSON.stringify(toApply) : null,
    appliedAt: toApply ? null : now,
  });
}

/**
 * Keeps a callback that cannot be verified yet, if it is small and there is
 * room: its source address and the inbox as a whole are capped. The count and
 * the insert are one statement, which on SQLite (one writer) is enough for the
 * caps to hold exactly. On Postgres two such statements could each count the
 * same rows, so holds take turns through a transaction's advisory lock first.
 */
export async function hold(
  ctx: PipelineContext,
  provider: ProviderName,
  id: string,
  callback: IncomingProviderCallback,
  now = new Date(),
): Promise<boolean> {
  if (Buffer.byteLength(callback.rawBody) > HELD_BODY_MAX_BYTES || id.length > LONGEST_ID) return false;
  const dialect = dialectOf(ctx.db);
  const source = (callback.sourceAddress || "unknown").slice(0, 100);
  const headers = JSON.stringify(heldHeaders(provider, callback));
  // Unverified, so keyed by content: the same bytes to the same URL are held once.
  const digest = crypto.createHash("sha256").update(callback.rawBody).update("\n").update(headers).digest("hex");
  const p = sqlParameters(dialect);
  const at = (date: Date) => (dialect === "postgres" ? `CAST(${p.add(date)} AS TIMESTAMP(3))` : p.add(date));
  const values = [
    p.add(provider),
    p.add(id),
    p.add(digest),
    p.add(callback.rawBody),
    p.add(headers),
    p.add(source),
    at(now),
    at(new Date(now.getTime() + HELD_FOR_MS)),
  ];
  const insert = ctx.db.$executeRawUnsafe(
    `INSERT INTO "HeldCallback" ("provider", "generationId", "digest", "body", "headers", "sourceAddress", "receivedAt", "expiresAt")
     SELECT ${values.join(", ")}
     WHERE (SELECT COUNT(*) FROM "HeldCallback") < ${p.add(HELD_IN_ALL)}
       AND (SELECT COUNT(*) FROM "HeldCallback" WHERE "sourceAddress" = ${p.add(source)}) < ${p.add(HELD_PER_SOURCE)}
     ON CONFLICT ("provider", "digest") DO NOTHING`,
    ...p.values,
  );
  if (dialect === "sqlite") return (await insert) > 0;
  const [, inserted] = await ctx.db.$transaction([
    ctx.db.$queryRawUnsafe(`SELECT pg_advisory_xact_lock(${HOLD_LOCK})::text AS locked`),
    insert,
  ]);
  return inserted > 0;
}

/**
 * Verifies and applies the held callbacks of a render that is now known (its
 * generation id stored), then lets them go: applied ones are recorded under
 * their real delivery key, so a repeat of them is a duplicate; ones that fail
 * verification were forgeries.
 */
export async function applyHeld(ctx: PipelineContext, generationId: string): Promise<number> {
  const held = await ctx.db.heldCallback.findMany({ where: { generationId }, orderBy: { receivedAt: "asc" }, take: HELD_PER_SOURCE });
  let applied = 0;
  for (const row of held) {
    const provider = row.provider as ProviderName;
    const job = await findCallbackJob(ctx.db, provider, "generationId", generationId);
    if (!job) return applied;
    const kept = JSON.parse(row.headers) as Record<string, string>;
    const callback: IncomingProviderCallback = {
      rawBody: row.body,
      headers: new Headers(kept),
      urlToken: kept[URL_TOKEN] ?? null,
      urlAttempt: kept[URL_ATTEMPT] ?? null,
    };
    const verification = await verifyForJob(ctx, provider, job, callback);
    if (verification.ok) {
      await applyVerifiedCallback(ctx, provider, job, verification, callback);
      applied += 1;
    } else {
      logger.warn({ generationId, reason: verification.reason }, "discarded a held callback that failed verification");
    }
    await ctx.db.heldCallback.deleteMany({ where: { id: row.id } });
  }
  return applied;
}

/**
 * The reconciler's pass over the inbox: held callbacks not looked up before
 * whose render is now known are applied, and the rest are marked looked up,
 * so each held row costs one indexed probe, once. Forged rows therefore never
 * stand in a genuine callback's way; a genuine one whose render becomes known
 * later is applied by whatever stores the generation id (submission, adoption).
 */
export async function applyKnownHeld(ctx: PipelineContext, now = new Date()): Promise<number> {
  const rows = await ctx.db.$queryRawUnsafe<{ generationId: string }[]>(
    `SELECT DISTINCT h."generationId" FROM "HeldCallback" h
     JOIN "VideoJob" j ON j."generationId" = h."generationId" AND j."provider" = h."provider"
     WHERE h."lookedUpAt" IS NULL LIMIT 200`,
  );
  let applied = 0;
  for (const { generationId } of rows) applied += await applyHeld(ctx, generationId);
  await ctx.db.heldCallback.updateMany({ where: { lookedUpAt: null, receivedAt: { lte: now } }, data: { lookedUpAt: now } });
  return applied;
}

/**
 * Deletes expired held callbacks (and those the earlier inbox kept among the
 * deliveries) and, on SQLite, gives the freed pages back to the file system:
 * the database runs with auto_vacuum=INCREMENTAL (scripts/migrate.ts,
 * decision 006). Postgres reuses the space through its own autovacuum.
 */
export async function purgeHeld(ctx: PipelineContext, now = new Date()): Promise<number> {
  const expired = await ctx.db.heldCallback.deleteMany({ where: { expiresAt: { lte: now } } });
  const legacy = await ctx.db.providerCallback.deleteMany({ where: { status: "held", appliedAt: null } });
  const purged = expired.count + legacy.count;
  if (purged > 0 && dialectOf(ctx.db) === "sqlite") await reclaimSqliteSpace(ctx);
  return purged;
}

/**
 * PRAGMA incremental_vacuum frees one page per step, and the driver adapter
 * steps a statement once: through Prisma it frees one page per call (about
 * 2 ms each). A short-lived connection of the driver itself runs it to the
 * end in one write transaction (milliseconds for thousands of pages),
 * waiting its turn behind other writers.
 */
async function reclaimSqliteSpace(ctx: PipelineContext): Promise<void> {
  const file = await sqliteFileOf(ctx.db);
  if (!file) return;
  const sqlite = new Sqlite(file, { timeout: 5_000 });
  try {
    sqlite.pragma("incremental_vacuum");
  } finally {
    sqlite.close();
  }
}

function keptHeaders(provider: ProviderName, headers: Headers): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of profileOf(provider).callbackHeaders) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return kept;
}

/** What verifying a held callback later needs: its headers and its URL's token and attempt. */
function heldHeaders(provider: ProviderName, callback: IncomingProviderCallback): Record<string, string> {
  const kept = keptHeaders(provider, callback.headers);
  if (callback.urlToken) kept[URL_TOKEN] = callback.urlToken;
  if (callback.urlAttempt) kept[URL_ATTEMPT] = callback.urlAttempt;
  return kept;
}
