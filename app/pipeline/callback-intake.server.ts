// Provider callbacks in: verify on the raw bytes -> record -> move the job
// forward -> answer. Every answer is decided here so the HTTP routes stay thin.
//   401 bad signature or token, 400 not a callback, 200/202 otherwise.
// Unknown generation ids are acknowledged (refusing only makes the provider
// retry) and held, unapplied, until the job they belong to is known. A
// callback that names a job still waiting for its generation id (the worker
// died after the provider accepted it) gives the job its render.
import crypto from "node:crypto";
import { dialectOf, isUniqueViolation } from "~/db.server";
import { insertRows } from "~/db/insert-rows.server";
import { identifier, sqlParameters } from "~/db/parameters";
import { logger } from "~/logging/logger.server";
import type { ProviderName } from "~/providers/provider";
import { providerForShop, type PipelineContext } from "./context.server";
import { followUpRenderMove, planRenderResult, type RenderResultMove } from "./render-results.server";
import { transitionJob, transitionJobInTx } from "~/jobs/state-machine.server";

export interface IntakeAnswer {
  status: 200 | 202 | 400 | 401;
  body: { received: boolean; duplicate?: boolean; error?: string };
}

/** Callbacks are a few hundred bytes; anything far larger is not one. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

const HEADERS_KEPT = ["content-type", "x-creativeai-signature", "x-creativeai-event", "x-creativeai-delivery-id"];

function idOf(provider: ProviderName, rawBody: string, headers: Headers): { generationId?: string; jobReference?: string } {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: the adapter's verification says so with the right status.
  }
  if (provider === "creativeai") {
    const id = headers.get("x-creativeai-delivery-id") ?? (typeof body.id === "string" ? body.id : undefined);
    return { generationId: id || undefined };
  }
  const clientData = body["client-data"] as Record<string, unknown> | undefined;
  return {
    generationId: typeof body.project === "string" ? body.project : undefined,
    jobReference: typeof clientData?.job_reference === "string" ? clientData.job_reference : undefined,
  };
}

export async function receiveProviderCallback(
  ctx: PipelineContext,
  provider: ProviderName,
  input: { rawBody: string; headers: Headers; urlToken?: string | null; urlJobReference?: string | null },
): Promise<IntakeAnswer> {
  const named = idOf(provider, input.rawBody, input.headers);
  const generationId = named.generationId;
  const jobReference = named.jobReference ?? input.urlJobReference ?? undefined;
  if (!generationId && !jobReference) return { status: 400, body: { received: false, error: "not a video callback" } };

  let job = generationId ? await findJob(ctx, provider, "generationId", generationId) : null;
  if (!job && jobReference) job = await findJob(ctx, provider, "id", jobReference);
  const waitingForItsRender = job !== null && !job.generationId && job.status === "submitting";

  if (!job || (!job.generationId && !waitingForItsRender)) {
    await holdUnknownCallback(ctx, provider, generationId ?? jobReference ?? "unknown", input);
    logger.info({ provider, generationId }, "callback for a render we do not know (yet); held");
    return { status: 202, body: { received: true } };
  }

  const adapter = await providerForShop(ctx, job.shop, provider);
  const verification = adapter.verifyCallback({
    rawBody: input.rawBody,
    headers: input.headers,
    urlToken: input.urlToken ?? null,
    expectedToken: job.callbackToken,
  });
  if (!verification.ok) {
    return verification.reason === "bad_signature"
      ? { status: 401, body: { received: false, error: "signature does not match" } }
      : { status: 400, body: { received: false, error: verification.message } };
  }
  if (waitingForItsRender) {
    const adopted = await transitionJob(ctx.db, {
      jobId: job.id, from: ["submitting"], to: "rendering", where: { generationId: null },
      patch: { generationId: verification.result.generationId, submitUnansweredSince: null },
      detail: `Rendering (${verification.result.generationId}; its answer was lost, the callback found it)`,
    });
    // Not adopted: the submission's own answer stored the id a moment before.
    // Either way, compare with what the job uses now, not with what was read.
    job = adopted.moved ? { ...job, generationId: verification.result.generationId } : ((await findJob(ctx, provider, "id", job.id)) ?? job);
  }
  if (verification.result.generationId !== job.generationId) {
    // A genuine render of this job that the job does not use (e.g. sent twice):
    // acknowledge it, or the provider keeps retrying.
    logger.warn({ provider, jobId: job.id, generationId: verification.result.generationId }, "callback for a render the job does not use");
    return { status: 202, body: { received: true } };
  }

  const move = await planRenderResult(ctx, job, verification.result);
  const delivery = { provider, deliveryKey: verification.deliveryKey, generationId: verification.result.generationId, status: verification.result.status };
  const outcome = await recordAndApply(ctx, delivery, input, move);
  if (outcome === "duplicate") return { status: 200, body: { received: true, duplicate: true } };
  if (outcome === "moved" && move) await followUpRenderMove(ctx, move);
  return { status: 200, body: { received: true } };
}

interface CallbackJob {
  id: string;
  shop: string;
  generationId: string | null;
  status: string;
  callbackToken: string | null;
}

/**
 * The job a callback is about, with only the columns used here. Every
 * callback starts with this indexed lookup; as SQL it costs a third of the
 * typed client's findFirst (bench scenario 1's profile).
 */
async function findJob(ctx: PipelineContext, provider: ProviderName, by: "generationId" | "id", value: string): Promise<CallbackJob | null> {
  const p = sqlParameters(dialectOf(ctx.db));
  const rows = await ctx.db.$queryRawUnsafe<CallbackJob[]>(
    `SELECT "id", "shop", "generationId", "status", "callbackToken" FROM "VideoJob" WHERE ${identifier(by)} = ${p.add(value)} AND "provider" = ${p.add(provider)} LIMIT 1`,
    ...p.values,
  );
  return rows[0] ?? null;
}

interface Delivery {
  provider: ProviderName;
  deliveryKey: string;
  generationId: string;
  status: string;
}

/**
 * Records the delivery and makes its move in one transaction, so a delivery
 * marked applied always had its move made (or refused), and a repeat of it is
 * recognised by the unique delivery key.
 */
async function recordAndApply(
  ctx: PipelineContext,
  delivery: Delivery,
  input: { rawBody: string; headers: Headers },
  move: RenderResultMove | null,
): Promise<"moved" | "unchanged" | "duplicate"> {
  try {
    return await ctx.db.$transaction(async (tx) => {
      const now = new Date();
      await insertRows(tx, dialectOf(ctx.db), "ProviderCallback", [
        { ...delivery, body: input.rawBody, headers: keptHeaders(input.headers), receivedAt: now, appliedAt: now },
      ]);
      if (!move) return "unchanged" as const;
      return (await transitionJobInTx(ctx.db, tx, move.request)).moved ? ("moved" as const) : ("unchanged" as const);
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
  }
  // A repeat. A delivery recorded but never applied (held before its job was
  // known) is applied now; the state machine refuses a second move anyway.
  const existing = await ctx.db.providerCallback.findUniqueOrThrow({ where: { deliveryKey: delivery.deliveryKey }, select: { id: true, appliedAt: true } });
  if (existing.appliedAt !== null) return "duplicate";
  const moved = move ? (await transitionJob(ctx.db, move.request)).moved : false;
  await ctx.db.providerCallback.update({ where: { id: existing.id }, data: { appliedAt: new Date() } });
  return moved ? "moved" : "unchanged";
}

async function holdUnknownCallback(ctx: PipelineContext, provider: ProviderName, generationId: string, input: { rawBody: string; headers: Headers; urlToken?: string | null }) {
  // Unverified, so it must not occupy the real delivery key: keyed by content.
  const digest = crypto.createHash("sha256").update(input.rawBody).update(input.urlToken ?? "").digest("hex");
  const headers = { ...(JSON.parse(keptHeaders(input.headers)) as Record<string, string>), ...(input.urlToken ? { "x-callback-token": input.urlToken } : {}) };
  await ctx.db.providerCallback.upsert({
    where: { deliveryKey: `held:${digest}` },
    create: { provider, deliveryKey: `held:${digest}`, generationId, status: "held", body: input.rawBody, headers: JSON.stringify(headers) },
    update: {},
  });
}

function keptHeaders(headers: Headers): string {
  const kept: Record<string, string> = {};
  for (const name of HEADERS_KEPT) {
    const value = headers.get(name);
    if (value !== null) kept[name] = value;
  }
  return JSON.stringify(kept);
}
