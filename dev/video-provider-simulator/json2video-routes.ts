// JSON2Video's contract (seed 004): POST /v2/movies with an x-api-key returns
// a project id, GET /v2/movies?project=... reports the movie, and each webhook
// destination gets one unsigned POST when the movie is done or failed, never
// retried.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { deliverCallback } from "./callback-delivery";
import { newerRenderAccepted, rememberFinalCallback } from "./callback-replays";
import type { SimulatorContext } from "./context";
import { isHttpUrl, parseJsonObject, readBody, sendJson } from "../shared/http-io";
import { decideFate, startRender } from "./render-lifecycle";
import type { RenderRecord } from "./state";
import { outputUrlFor, videoFileFor } from "./video-file";

export const JSON2VIDEO_PATH = "/v2/movies";
/** Sent once; the timeout is ours (undocumented), as long as CreativeAI's. */
const ONE_ATTEMPT = [0] as const;
const CALLBACK_TIMEOUT_MS = 10_000;
const STATUSES = { inProgress: "running", completed: "done", failed: "error" };
const RESOLUTIONS = [
  "sd",
  "hd",
  "full-hd",
  "squared",
  "instagram-story",
  "instagram-feed",
  "twitter-landscape",
  "twitter-portrait",
  "custom",
];
const FAILURE_MESSAGES = ["Source image could not be downloaded (HTTP 403)", "Rendering timed out", "Invalid image format"];
const STATUS_MESSAGES: Record<string, string> = { pending: "Queued", running: "Rendering", done: "Video rendered" };

type ApiError = { status: number; message: string };

export async function handleJson2Video(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
  if (url.pathname !== JSON2VIDEO_PATH) return sendError(response, { status: 404, message: `No route for ${url.pathname}` });
  if (request.method === "POST") return submit(ctx, request, response);
  if (request.method === "GET") return poll(ctx, request, response, url.searchParams.get("project"));
  sendError(response, { status: 405, message: `${request.method} is not allowed` });
}

async function submit(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { state } = ctx;
  const text = await readBody(request);
  const body = parseJsonObject(text);
  state.counters.submissions += 1;
  const refuse = (error: ApiError, headers: Record<string, string> = {}) => {
    state.submissions.push({
      provider: "json2video",
      time: Date.now(),
      body: body ?? text,
      generationId: null,
      responseStatus: error.status,
    });
    sendError(response, error, headers);
  };

  if (request.headers["x-api-key"] !== ctx.apiKey) {
    state.counters.rejectedUnauthorized += 1;
    return refuse({ status: 401, message: "Invalid or missing API key" });
  }
  const faults = ctx.faults();
  if (ctx.random.chance(faults.submit429Rate)) {
    state.counters.rejected429 += 1;
    return refuse({ status: 429, message: "Too many requests" }, { "retry-after": String(faults.retryAfterSeconds) });
  }
  if (ctx.random.chance(faults.submit5xxRate)) {
    state.counters.rejected5xx += 1;
    return refuse({ status: 503, message: "Service temporarily unavailable" });
  }
  const movie = body ? validate(body) : { status: 400, message: "The request body must be a JSON object" };
  if ("status" in movie) {
    state.counters.rejectedInvalid += 1;
    return refuse(movie);
  }

  const fate = decideFate(ctx);
  const project = crypto.randomBytes(8).toString("hex");
  const render: RenderRecord = {
    provider: "json2video",
    id: project,
    outcome: fate.outcome,
    status: "pending",
    finished: false,
    model: "template",
    modelActual: "template",
    failoverUsed: false,
    prompt: "",
    imageUrl: movie.imageUrl,
    duration: movie.duration,
    aspectRatio: movie.resolution,
    outputUrl: fate.outcome === "completed" ? outputUrlFor(ctx, project) : null,
    errorMessage: fate.outcome === "failed" ? ctx.random.pick(FAILURE_MESSAGES) : null,
    credits: fate.outcome === "completed" ? Math.ceil(movie.duration) : 0,
    invalidVideo: fate.invalidVideo,
    clipFault: fate.outcome === "completed" ? fate.clipFault : null,
    urlLifetimeMs: fate.outcome === "completed" ? fate.urlLifetimeMs : null,
    clip: null,
    callbackUrl: movie.webhookUrl,
    lostCallback: fate.lostCallback,
    duplicateCallback: fate.duplicateCallback,
    outOfOrderCallback: fate.outOfOrderCallback,
    replayCallback: fate.replayCallback,
    outOfDateCallback: fate.outOfDateCallback,
    clientData: movie.clientData,
    submittedAt: Date.now(),
    finishedAt: null,
  };
  state.counters.accepted += 1;
  state.submissions.push({ provider: "json2video", time: Date.now(), body, generationId: project, responseStatus: 200 });
  startRender(ctx, render, fate.renderMs, STATUSES, (finished) => void sendCallbacks(ctx, finished));
  newerRenderAccepted(ctx, render);
  ctx.log(`submit json2video ${project} -> ${fate.outcome} in ${fate.renderMs} ms`);
  sendJson(response, 200, { success: true, project, timestamp: new Date().toISOString() });
}

async function poll(ctx: SimulatorContext, request: IncomingMessage, response: ServerResponse, project: string | null): Promise<void> {
  const { state } = ctx;
  if (request.headers["x-api-key"] !== ctx.apiKey) {
    state.counters.rejectedUnauthorized += 1;
    return sendError(response, { status: 401, message: "Invalid or missing API key" });
  }
  state.counters.polls += 1;
  if (ctx.random.chance(ctx.faults().poll5xxRate)) {
    state.counters.poll5xx += 1;
    return sendError(response, { status: 503, message: "Service temporarily unavailable" });
  }
  if (!project) return sendError(response, { status: 400, message: "The project parameter is required" });
  const render = state.renders.get(project);
  if (!render || render.provider !== "json2video") return sendError(response, { status: 404, message: `Project ${project} not found` });
  const done = render.status === "done";
  sendJson(response, 200, {
    success: true,
    movie: {
      success: render.status !== "error",
      project: render.id,
      status: render.status,
      message: render.status === "error" ? render.errorMessage : STATUS_MESSAGES[render.status],
      url: done ? render.outputUrl : null,
      duration: done ? render.duration : null,
      // The documented size is the file's: a finished movie's file is made here if nobody asked for it yet.
      size: done ? (await videoFileFor(ctx, render)).bytes.length : null,
      created_at: new Date(render.submittedAt).toISOString(),
      ended_at: render.finishedAt !== null ? new Date(render.finishedAt).toISOString() : null,
    },
  });
}

/** The documented webhook body: url on success, message on failure, client-data echoed. */
async function payloadOf(ctx: SimulatorContext, render: RenderRecord, status: string) {
  const clientData = render.clientData === undefined ? {} : { "client-data": render.clientData };
  if (status === "error") return { project: render.id, status, message: render.errorMessage, ...clientData };
  if (status === "done") {
    return {
      project: render.id,
      status,
      url: render.outputUrl,
      duration: render.duration,
      size: (await videoFileFor(ctx, render)).bytes.length,
      ...clientData,
    };
  }
  return { project: render.id, status, ...clientData };
}

async function sendCallbacks(ctx: SimulatorContext, render: RenderRecord): Promise<void> {
  if (!render.callbackUrl) return;
  if (render.lostCallback) {
    ctx.state.counters.callbacksLost += 1;
    return;
  }
  const send = async (status: string) =>
    deliverCallback(ctx, {
      provider: "json2video",
      generationId: render.id,
      url: render.callbackUrl as string,
      body: JSON.stringify(await payloadOf(ctx, render, status)),
      headers: { "content-type": "application/json" },
      payloadStatus: status,
      schedule: ONE_ATTEMPT,
      timeoutMs: CALLBACK_TIMEOUT_MS,
    });
  const final = render.status;
  rememberFinalCallback(ctx, render, () => send(final));
  await send(final);
  if (render.duplicateCallback) await send(render.status);
  if (render.outOfOrderCallback) await send(STATUSES.inProgress);
}

/** Just enough of a movie to render a product photo: scenes with an image, a resolution, a webhook. */
function validate(
  body: Record<string, unknown>,
): { imageUrl: string; duration: number; resolution: string; webhookUrl: string | null; clientData: unknown } | ApiError {
  const invalid = (message: string): ApiError => ({ status: 400, message });
  const resolution = body.resolution ?? "custom";
  if (typeof resolution !== "string" || !RESOLUTIONS.includes(resolution)) return invalid(`Invalid resolution '${String(resolution)}'`);
  const scenes = Array.isArray(body.scenes) ? (body.scenes as unknown[]) : [];
  if (scenes.length === 0) return invalid("The movie must have at least one scene");
  let duration = 0;
  let imageUrl: string | null = null;
  for (const scene of scenes) {
    const { duration: seconds, elements } = (typeof scene === "object" && scene !== null ? scene : {}) as Record<string, unknown>;
    duration += typeof seconds === "number" && seconds > 0 ? seconds : 5;
    for (const element of Array.isArray(elements) ? (elements as Record<string, unknown>[]) : []) {
      if (imageUrl === null && element?.type === "image" && typeof element.src === "string") imageUrl = element.src;
    }
  }
  if (imageUrl === null || !isHttpUrl(imageUrl)) return invalid("The movie needs an image element with an http(s) src");
  const destinations = (Array.isArray(body.exports) ? (body.exports as Record<string, unknown>[]) : []).flatMap((item) =>
    Array.isArray(item?.destinations) ? (item.destinations as Record<string, unknown>[]) : [],
  );
  const webhook = destinations.find((destination) => destination?.type === "webhook");
  if (webhook && (typeof webhook.endpoint !== "string" || !isHttpUrl(webhook.endpoint))) {
    return invalid("A webhook destination needs an http(s) endpoint");
  }
  return { imageUrl, duration, resolution, webhookUrl: (webhook?.endpoint as string | undefined) ?? null, clientData: body["client-data"] };
}

function sendError(response: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  sendJson(response, error.status, { success: false, message: error.message }, headers);
}
