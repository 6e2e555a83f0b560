// Provider callbacks in: verify on the raw bytes -> record -> move the job
// forward -> answer. Every answer is decided here so the HTTP routes stay thin.
//   400 not a callback, 401 cannot be verified, 200/202 otherwise.
// A callback that names a job still waiting for its generation id (the worker
// died after the provider accepted it) gives the job its render, if it names
// the job's current submission attempt.
import { logger } from "~/logging/logger.server";
import type { ProviderName } from "~/providers/provider";
import { profileOf } from "~/providers/registry.server";
import { transitionJob } from "~/jobs/state-machine.server";
import { findCallbackJob } from "~/jobs/video-job-sql.server";
import {
  applyHeld,
  applyVerifiedCallback,
  hold,
  isCurrentAttempt,
  verifyForJob,
  type IncomingProviderCallback,
} from "./callback-inbox.server";
import type { PipelineContext } from "./context.server";

export interface IntakeAnswer {
  status: 200 | 202 | 400 | 401;
  body: { received: boolean; duplicate?: boolean; error?: string };
}

/** Callbacks are a few hundred bytes; anything far larger is not one. */
export const MAX_CALLBACK_BYTES = 64 * 1024;

/**
 * One answer for every callback that cannot be verified: for an id no job
 * has (yet), and for a real job's id with a bad signature or token. Answering
 * the two differently told anyone which ids exist. It is a 401 rather than a
 * 2xx because a provider that retries its callbacks retries a non-2xx: a
 * genuine callback that came before we stored its id verifies on the retry,
 * and the held copy is only the fallback. To a provider that never retries
 * the status changes nothing; polling is its safety net.
 */
const UNVERIFIED: IntakeAnswer = { status: 401, body: { received: false, error: "the callback could not be verified" } };
const ACKNOWLEDGED: IntakeAnswer = { status: 202, body: { received: true } };

export async function receiveProviderCallback(
  ctx: PipelineContext,
  provider: ProviderName,
  input: IncomingProviderCallback,
): Promise<IntakeAnswer> {
  const named = profileOf(provider).callbackNames(input.rawBody, input.headers);
  const generationId = named.generationId;
  const jobReference = named.jobReference ?? input.urlJobReference ?? undefined;
  if (!generationId && !jobReference) return { status: 400, body: { received: false, error: "not a video callback" } };

  let job = generationId ? await findCallbackJob(ctx.db, provider, "generationId", generationId) : null;
  if (!job && jobReference) job = await findCallbackJob(ctx.db, provider, "id", jobReference);
  // Only a submission that was sent and not answered has a render to adopt;
  // its attempt nonce was written in the same statement.
  const waitingForItsRender = job !== null && !job.generationId && job.status === "submitting" && job.submitUnansweredSince !== null;

  if (!job || (!job.generationId && !waitingForItsRender)) {
    const held = await hold(ctx, provider, generationId ?? jobReference ?? "unknown", input);
    logger.info({ provider, generationId, held }, "callback for a render we do not know (yet)");
    return UNVERIFIED;
  }

  const verification = await verifyForJob(ctx, provider, job, input);
  if (!verification.ok) {
    if (verification.reason === "bad_signature") {
      logger.warn({ provider, jobId: job.id }, "callback signature or token does not match its job");
      return UNVERIFIED;
    }
    return { status: 400, body: { received: false, error: verification.message } };
  }
  let adopted = false;
  if (waitingForItsRender && isCurrentAttempt(job, input.urlAttempt)) {
    const adoption = await transitionJob(ctx.db, {
      jobId: job.id,
      from: ["submitting"],
      to: "rendering",
      where: { generationId: null },
      patch: { generationId: verification.result.generationId, submitUnansweredSince: null },
      detail: `Rendering (${verification.result.generationId}; its answer was lost, the callback found it)`,
    });
    // Not adopted: the submission's own answer stored the id a moment before.
    // Either way, compare with what the job uses now, not with what was read.
    job = (await findCallbackJob(ctx.db, provider, "id", job.id)) ?? job;
    adopted = adoption.moved;
  }

  const outcome = await applyVerifiedCallback(ctx, provider, job, verification, input);
  // Callbacks held for the render just adopted (an earlier progress event).
  if (adopted) await applyHeld(ctx, verification.result.generationId);
  if (outcome === "duplicate") return { status: 200, body: { received: true, duplicate: true } };
  if (outcome === "earlier_attempt" || outcome === "other_render") return ACKNOWLEDGED;
  return { status: 200, body: { received: true } };
}
