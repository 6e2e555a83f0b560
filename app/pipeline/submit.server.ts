// Sends one video job to the provider. Re-reads the row first: the queue
// message is only a pointer, and a job already submitted (its generation id
// stored) is never submitted again, whatever the queue replays.
import crypto from "node:crypto";
import { transitionJob, transitionJobInTx } from "~/jobs/state-machine.server";
import { ProviderError, type ProviderName } from "~/providers/provider";
import { shopSettings } from "~/settings/shop-settings.server";
import { creditsSpentThisMonth, pauseForBudget } from "./budget.server";
import { callbackUrlFor, MissingProviderKeyError, providerForShop, type PipelineContext } from "./context.server";
import { applyHeld } from "./callback-inbox.server";
import { withSlotsRefilled } from "./dispatch.server";
import { pauseOf, pauseReasonMessage } from "./shop-pause.server";

export type SubmitOutcome =
  | { kind: "submitted"; generationId: string }
  | { kind: "wait"; untilMs: number }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; message: string }
  | { kind: "budget_reached" }
  | { kind: "paused"; reason: string };

/** Thrown for a 429: the worker pauses the whole queue for `waitMs`. */
export class ProviderBusyError extends Error {
  constructor(readonly waitMs: number) {
    super(`The video provider asked us to slow down for ${waitMs} ms`);
  }
}

export async function submitVideoJob(ctx: PipelineContext, videoJobId: string, attempt: { isLast: boolean }): Promise<SubmitOutcome> {
  const { db } = ctx;
  const job = await db.videoJob.findUnique({ where: { id: videoJobId } });
  if (!job) return { kind: "skipped", reason: "job no longer exists" };
  if (job.status !== "submitting") return { kind: "skipped", reason: `job is ${job.status}` };
  if (job.generationId) {
    // Submitted before a crash between the provider's answer and our status write.
    await transitionJob(db, { jobId: job.id, from: ["submitting"], to: "rendering", detail: "Rendering (resumed after a restart)" });
    return { kind: "skipped", reason: "already submitted" };
  }

  if (job.submitUnansweredSince) {
    // A previous attempt was sent and its answer lost (the worker died, or the
    // connection broke). The provider may be rendering it: give its callback,
    // which names this job, time to arrive before submitting again.
    const untilMs = job.submitUnansweredSince.getTime() + (ctx.unansweredSubmitWaitMs ?? 300_000);
    if (Date.now() < untilMs) return { kind: "wait", untilMs };
  }

  const settings = await shopSettings(db, job.shop);
  if (settings.uninstalledAt) {
    await transitionJob(db, { jobId: job.id, from: ["submitting"], to: "cancelled", detail: "The app was uninstalled" });
    return { kind: "skipped", reason: "shop uninstalled" };
  }
  const paused = pauseOf(settings);
  if (paused) {
    // Paused between dispatch and now: not sent, and waits with the shop's other jobs.
    await transitionJob(db, {
      jobId: job.id,
      shop: job.shop,
      from: ["submitting"],
      to: "paused",
      patch: { pausedReason: paused },
      detail: pauseReasonMessage(paused),
    });
    return { kind: "paused", reason: paused };
  }
  if ((await creditsSpentThisMonth(db, job.shop)) + job.estimatedCredits > settings.monthlyCreditBudget) {
    await stopForBudget(ctx, job.shop, job.id);
    return { kind: "budget_reached" };
  }

  let provider;
  try {
    provider = await providerForShop(ctx, job.shop, job.provider as ProviderName);
  } catch (error) {
    if (!(error instanceof MissingProviderKeyError)) throw error;
    await failJob(ctx, job.id, "missing_key", error.message);
    return { kind: "failed", message: error.message };
  }

  // A fresh nonce names this attempt in its callback URL, written with the
  // mark that it was sent: a callback for an earlier attempt never moves it.
  // Written only if no other worker has started an attempt since this one
  // read the job (a queue entry replayed after a Redis flush), so two workers
  // never both send it.
  const attemptNonce = newAttemptNonce();
  const claimed = await db.videoJob.updateMany({
    where: { id: job.id, status: "submitting", generationId: null, submitUnansweredSince: job.submitUnansweredSince },
    data: { submitAttempts: { increment: 1 }, submitUnansweredSince: new Date(), attemptNonce },
  });
  if (claimed.count === 0) return { kind: "skipped", reason: "another attempt started meanwhile" };
  try {
    const submitted = await provider.submitRender({
      imageUrl: job.imageUrl,
      prompt: job.prompt,
      model: job.model,
      duration: job.duration,
      aspectRatio: job.aspectRatio,
      callbackUrl: callbackUrlFor(ctx, job.provider as ProviderName, { ...job, attemptNonce }),
      jobReference: job.id,
    });
    // A crash right here, after the provider's 202 and before this write,
    // leaves submitUnansweredSince set: the retry then waits for the callback
    // (which names this job) instead of rendering a second time.
    await transitionJob(db, {
      jobId: job.id,
      from: ["submitting"],
      to: "rendering",
      patch: { generationId: submitted.generationId, modelActual: submitted.modelActual ?? null, submitUnansweredSince: null },
      detail: `Rendering (${submitted.generationId})`,
    });
    await applyHeld(ctx, submitted.generationId);
    return { kind: "submitted", generationId: submitted.generationId };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    // The provider answered (an HTTP status): it did not take the render.
    // Without a status (timeout, broken connection) the answer is unknown.
    if (error.status !== null) await db.videoJob.update({ where: { id: job.id }, data: { submitUnansweredSince: null } });
    if (error.retryable && !attempt.isLast) {
      if (error.status === 429) throw new ProviderBusyError(error.retryAfterMs ?? 5_000);
      throw error;
    }
    const message = error.retryable ? `The video studio kept failing, so we stopped trying: ${error.message}. Retry later.` : error.message;
    await failJob(ctx, job.id, error.retryable ? "provider_unavailable" : "provider_refused", message);
    return { kind: "failed", message };
  }
}

/** The job fails and gives its slot to the next job waiting, in one step. */
async function failJob(ctx: PipelineContext, jobId: string, errorCode: string, errorMessage: string) {
  await withSlotsRefilled(ctx, (tx) =>
    transitionJobInTx(ctx.db, tx, { jobId, from: ["submitting"], to: "failed", patch: { errorCode, errorMessage }, detail: errorMessage }),
  );
}

/** Budget reached: this job and everything else the shop has waiting pause (never fail) until the budget has room. */
async function stopForBudget(ctx: PipelineContext, shop: string, jobId: string) {
  await pauseForBudget(ctx.db, shop, jobId);
  await ctx.queues.requestDispatch();
}

/** Unguessable, so only the provider that was sent the URL can name the attempt. */
function newAttemptNonce(): string {
  return crypto.randomBytes(18).toString("base64url");
}
