// CreativeAI's contract (seeds 001-003): POST /v1/video/generations answers
// 202 with a generation id, GET /v1/video/generations/{id} reports progress,
// and the result is POSTed to webhook_url, signed with HMAC-SHA256 of the exact
// body bytes under the API key, retried at 0 s, 5 s and 30 s with a 10 s
// timeout per attempt.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { deliverCallback } from "./callback-delivery";
import { newerRenderAccepted, rememberFinalCallback } from "./callback-replays";
import type { SimulatorContext } from "./context";
import { isHttpUrl, parseJsonObject, readBody, sendJson } from "../shared/http-io";
import { decideFate, startRender } from "./render-lifecycle";
import type { RenderRecord } from "./state";
import { outputUrlFor } from "./video-file";

export const CREATIVEAI_PATH = "/v1/video/generations";
export const CREATIVEAI_RETRY_SCHEDULE_MS = [0, 5_000, 30_000] as const;
export const CREATIVEAI_CALLBACK_TIMEOUT_MS = 10_000;
/** The docs say the event header is always this, whatever the status. */
const EVENT = "video.generation.completed";
const STATUSES = { inProgress: "processing", completed: "completed", failed: "failed" };

/** What the simulated provider bills per started 5 s: its truth, which the app only estimates. */
const CREDITS_PER_5_SECONDS: Record<string, number> = { "kling-v3": 3, "seedance-1.5-pro": 2, "kling-o3-pro": 4 };
/** "If a provider hits capacity ... re-submitted to the next provider in the failover chain." */
const FAILOVER_CHAIN = ["kling-v3", "seedance-1.5-pro", "kling-o3-pro"];
const REQUESTABLE_MODELS = ["kling-v3", "seedance-1.5-pro", "auto"];
const ASPECT_RATIOS = ["16:9", "9:16", "1:1", "21:9", "4:3", "3:4"];
const FAILURE_MESSAGES = [
  "provider timeout after retry budget",
  "Upstream provider rejected the image: subject could not be detected",
  "Content policy: the prompt was flagged by the upstream provider",
];

type ApiError = { status: number; message: string; type: string };

export async function handleCreativeAi(
  ctx: SimulatorContext,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  if (pathname === CREATIVEAI_PATH && request.method === "POST") return submit(ctx, request, response);
  const id = pathname.startsWith(`${CREATIVEAI_PATH}/`) ? decodeURIComponent(pathname.slice(CREATIVEAI_PATH.length + 1)) : null;
  if (id && request.method === "GET") return poll(ctx, request, response, id);
  sendError(response, { status: 404, message: `No route for ${request.method} ${pathname}`, type: "invalid_request_error" });
}

async function submit(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { state } = ctx;
  const text = await readBody(request);
  const body = parseJsonObject(text);
  state.counters.submissions += 1;
  const refuse = (error: ApiError, headers: Record<string, string> = {}) => {
    state.submissions.push({
      provider: "creativeai",
      time: Date.now(),
      body: body ?? text,
      generationId: null,
      responseStatus: error.status,
    });
    sendError(response, error, headers);
  };

  if (!authorized(ctx, request)) {
    state.counters.rejectedUnauthorized += 1;
    return refuse({ status: 401, message: "Invalid API key", type: "authentication_error" });
  }
  const faults = ctx.faults();
  if (ctx.random.chance(faults.submit429Rate)) {
    state.counters.rejected429 += 1;
    return refuse(
      { status: 429, message: `Rate limit exceeded. Retry after ${faults.retryAfterSeconds} seconds.`, type: "rate_limit_error" },
      { "retry-after": String(faults.retryAfterSeconds) },
    );
  }
  if (ctx.random.chance(faults.submit5xxRate)) {
    state.counters.rejected5xx += 1;
    return refuse({ status: 503, message: "Upstream provider temporarily unavailable", type: "server_error" });
  }
  const input = body ? validate(body) : { status: 400, message: "The request body must be a JSON object", type: "invalid_request_error" };
  if ("status" in input) {
    state.counters.rejectedInvalid += 1;
    return refuse(input);
  }

  const fate = decideFate(ctx);
  const id = `vgen_${crypto.randomBytes(8).toString("hex")}`;
  const primary = input.model === "auto" ? ctx.random.pick(FAILOVER_CHAIN.slice(0, 2)) : input.model;
  const failoverUsed = fate.outcome === "completed" && ctx.random.chance(faults.failoverRate);
  const fallback = FAILOVER_CHAIN[(FAILOVER_CHAIN.indexOf(primary) + 1) % FAILOVER_CHAIN.length];
  const charged = creditsFor(primary, input.duration);
  const render: RenderRecord = {
    provider: "creativeai",
    id,
    outcome: fate.outcome,
    status: "pending",
    finished: false,
    model: input.model,
    modelActual: failoverUsed ? fallback : primary,
    failoverUsed,
    prompt: input.prompt,
    imageUrl: input.imageUrl,
    duration: input.duration,
    aspectRatio: input.aspectRatio,
    outputUrl: fate.outcome === "completed" ? outputUrlFor(ctx, id) : null,
    errorMessage: fate.outcome === "failed" ? ctx.random.pick(FAILURE_MESSAGES) : null,
    // "You are billed at the lower model price" on failover; failed renders are refunded.
    credits: fate.outcome === "failed" ? 0 : failoverUsed ? Math.min(charged, creditsFor(fallback, input.duration)) : charged,
    invalidVideo: fate.invalidVideo,
    clipFault: fate.outcome === "completed" ? fate.clipFault : null,
    urlLifetimeMs: fate.outcome === "completed" ? fate.urlLifetimeMs : null,
    clip: null,
    callbackUrl: input.webhookUrl,
    lostCallback: fate.lostCallback,
    duplicateCallback: fate.duplicateCallback,
    outOfOrderCallback: fate.outOfOrderCallback,
    replayCallback: fate.replayCallback,
    outOfDateCallback: fate.outOfDateCallback,
    clientData: null,
    submittedAt: Date.now(),
    finishedAt: null,
  };
  state.counters.accepted += 1;
  state.submissions.push({ provider: "creativeai", time: Date.now(), body, generationId: id, responseStatus: 202 });
  startRender(ctx, render, fate.renderMs, STATUSES, (finished) => void sendCallbacks(ctx, finished));
  newerRenderAccepted(ctx, render);
  ctx.log(`submit creativeai ${id} ${input.model} -> ${fate.outcome} in ${fate.renderMs} ms`);
  sendJson(response, 202, {
    id,
    object: "video.generation",
    status: "pending",
    model: input.model,
    model_actual: primary,
    credits: charged,
    failover_used: false,
  });
}

function poll(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse, id: string): void {
  const { state } = ctx;
  if (!authorized(ctx, request)) {
    state.counters.rejectedUnauthorized += 1;
    return sendError(response, { status: 401, message: "Invalid API key", type: "authentication_error" });
  }
  state.counters.polls += 1;
  if (ctx.random.chance(ctx.faults().poll5xxRate)) {
    state.counters.poll5xx += 1;
    return sendError(response, { status: 503, message: "Status temporarily unavailable", type: "server_error" });
  }
  const render = state.renders.get(id);
  if (!render || render.provider !== "creativeai") {
    return sendError(response, { status: 404, message: `Generation ${id} not found`, type: "invalid_request_error" });
  }
  sendJson(response, 200, { ...payloadOf(render, render.status), created_at: new Date(render.submittedAt).toISOString() });
}

/** The documented callback payload, field for field. */
function payloadOf(render: RenderRecord, status: string) {
  const final = status === "completed" || status === "failed";
  return {
    id: render.id,
    object: "video.generation",
    status,
    model: render.model,
    model_actual: render.modelActual,
    prompt: render.prompt,
    output_url: status === "completed" ? render.outputUrl : null,
    error_message: status === "failed" ? render.errorMessage : null,
    credits: render.credits,
    failover_used: final && render.failoverUsed,
    completed_at: final && render.finishedAt !== null ? new Date(render.finishedAt).toISOString() : null,
  };
}

async function sendCallbacks(ctx: SimulatorContext, render: RenderRecord): Promise<void> {
  if (!render.callbackUrl) return;
  if (render.lostCallback) {
    ctx.state.counters.callbacksLost += 1;
    return;
  }
  const send = (status: string) => {
    const body = JSON.stringify(payloadOf(render, status));
    return deliverCallback(ctx, {
      provider: "creativeai",
      generationId: render.id,
      url: render.callbackUrl as string,
      body,
      headers: {
        "content-type": "application/json",
        "user-agent": "CreativeAI-Webhooks/1.0",
        "x-creativeai-event": EVENT,
        "x-creativeai-delivery-id": render.id,
        "x-creativeai-signature": `sha256=${crypto.createHmac("sha256", ctx.apiKey).update(body).digest("hex")}`,
      },
      payloadStatus: status,
      schedule: CREATIVEAI_RETRY_SCHEDULE_MS,
      timeoutMs: CREATIVEAI_CALLBACK_TIMEOUT_MS,
    });
  };
  const final = render.status;
  rememberFinalCallback(ctx, render, () => send(final));
  await send(final);
  if (render.duplicateCallback) await send(render.status);
  // Not in CreativeAI's docs (they list completed and failed only): a stale
  // progress event arriving last is how "out of order" is exercised.
  if (render.outOfOrderCallback) await send(STATUSES.inProgress);
}

function validate(
  body: Record<string, unknown>,
): { model: string; prompt: string; imageUrl: string; duration: number; aspectRatio: string; webhookUrl: string | null } | ApiError {
  const invalid = (message: string): ApiError => ({ status: 400, message, type: "invalid_request_error" });
  const { model = "auto", prompt, image_url: imageUrl, duration = 5, aspect_ratio: aspectRatio = "16:9", webhook_url: webhookUrl } = body;
  if (typeof model !== "string" || !REQUESTABLE_MODELS.includes(model)) {
    return invalid(`Unknown model '${String(model)}'. Available models: ${REQUESTABLE_MODELS.join(", ")}`);
  }
  if (typeof prompt !== "string" || prompt.trim() === "") return invalid("prompt is required");
  if (typeof imageUrl !== "string" || imageUrl === "") return invalid("image_url is required");
  if (!isHttpUrl(imageUrl)) return invalid("image_url must be an http(s) URL");
  // The docs send both 5 and "5s".
  const seconds = typeof duration === "number" ? duration : typeof duration === "string" ? Number(duration.replace(/s$/, "")) : NaN;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 15) return invalid("duration must be a whole number of seconds from 1 to 15");
  if (typeof aspectRatio !== "string" || !ASPECT_RATIOS.includes(aspectRatio)) {
    return invalid(`aspect_ratio must be one of ${ASPECT_RATIOS.join(", ")}`);
  }
  if (webhookUrl !== undefined && webhookUrl !== null && (typeof webhookUrl !== "string" || !isHttpUrl(webhookUrl))) {
    return invalid("webhook_url must be an http(s) URL");
  }
  return { model, prompt, imageUrl, duration: seconds, aspectRatio, webhookUrl: (webhookUrl as string | null | undefined) ?? null };
}

function creditsFor(model: string, duration: number): number {
  return (CREDITS_PER_5_SECONDS[model] ?? 3) * Math.max(1, Math.ceil(duration / 5));
}

function authorized(ctx: SimulatorContext, request: IncomingMessage): boolean {
  return request.headers.authorization === `Bearer ${ctx.apiKey}`;
}

function sendError(response: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  sendJson(response, error.status, { error: { message: error.message, type: error.type } }, headers);
}
