// JSON2Video (https://api.json2video.com): renders a movie from a JSON
// template. Here the movie is one scene of the product photo with a slow
// camera move (the model names the move; a prompt has no place in a JSON2Video
// movie). Its callbacks are unsigned and sent once, never retried (seed
// 004), so each callback URL carries a per-job token and polling is the
// safety net.
import crypto from "node:crypto";
import { z } from "zod";
import { callbackObjectOf, stringField } from "./callback-body";
import {
  ProviderError,
  type CallbackVerification,
  type IncomingCallback,
  type KeyCheck,
  type ProviderCredentials,
  type ProviderProfile,
  type RenderRequest,
  type RenderResult,
  type SubmittedRender,
  type VideoProvider,
} from "./provider";
import {
  checkKeyWithLookup,
  DEFAULT_PROVIDER_TIMEOUT_MS,
  keyCheckLookupId,
  requestProviderJson,
  unreadableAnswer,
  type ProviderHttpOptions,
} from "./provider-http.server";
import { tokensMatch } from "./secret-compare.server";
import { webAddressSchema } from "~/security/web-address";

export const JSON2VIDEO_DEFAULT_BASE_URL = "https://api.json2video.com";

/** Finished movies are served from assets.json2video.com (seed 004). */
export const JSON2VIDEO_OUTPUT_HOSTS: readonly string[] = ["*.json2video.com"];

/** The camera moves offered for the product photo: JSON2Video image `zoom` and `pan` settings. */
export const JSON2VIDEO_MOTIONS = {
  "zoom-in": { zoom: 3 },
  "pan-right": { zoom: 1, pan: "right" },
  "pan-left": { zoom: 1, pan: "left" },
} as const;
export type Json2VideoMotion = keyof typeof JSON2VIDEO_MOTIONS;

export const JSON2VIDEO_RESOLUTIONS: Readonly<Record<string, string>> = {
  "16:9": "full-hd",
  "9:16": "instagram-story",
  "1:1": "squared",
};

/**
 * JSON2Video bills rendered time, about one credit per started second of
 * video at these resolutions, whatever the camera move.
 */
export const JSON2VIDEO_CREDITS_PER_SECOND = 1;

/**
 * Callbacks are unsigned and never retried: each job's callback URL carries
 * its own token, and the job reference travels in client-data.
 */
export const json2VideoProfile: ProviderProfile = {
  name: "json2video",
  outputHosts: JSON2VIDEO_OUTPUT_HOSTS,
  callbackHeaders: ["content-type"],
  callbackNames(rawBody) {
    const body = callbackObjectOf(rawBody);
    const clientData = body["client-data"];
    return {
      generationId: stringField(body, "project"),
      jobReference:
        clientData && typeof clientData === "object" ? stringField(clientData as Record<string, unknown>, "job_reference") : undefined,
    };
  },
  newCallbackToken: () => newCallbackToken(),
  callbackUrl(origin, job) {
    if (!job.callbackToken)
      throw new Error(`Video job ${job.id} has no callback token, and JSON2Video callbacks are trusted only through one`);
    const attempt = job.attemptNonce ? `?attempt=${encodeURIComponent(job.attemptNonce)}` : "";
    return `${origin}/webhooks/video/json2video/${job.callbackToken}${attempt}`;
  },
  estimateCredits({ duration }) {
    return JSON2VIDEO_CREDITS_PER_SECOND * Math.max(1, Math.ceil(duration));
  },
};

const submittedSchema = z.object({
  success: z.literal(true),
  project: z.string().min(1),
});

const movieSchema = z.object({
  success: z.boolean().optional(),
  movie: z.object({
    project: z.string().optional(),
    status: z.string().min(1),
    url: webAddressSchema.nullish(),
    message: z.string().nullish(),
    ended_at: z.string().nullish(),
  }),
});

const clientDataSchema = z.object({ job_reference: z.string().optional() }).passthrough().nullish();

// "done" and "error" are what the docs promise; earlier statuses are tolerated
// so a stale progress callback is recorded, not mistaken for a forgery.
const callbackSchema = z
  .object({
    project: z.string().min(1),
    status: z.enum(["done", "error", "pending", "running"]),
    url: webAddressSchema.nullish(),
    duration: z.number().nullish(),
    size: z.number().nullish(),
    message: z.string().nullish(),
    "client-data": clientDataSchema,
  })
  .refine((payload) => payload.status !== "done" || Boolean(payload.url), {
    message: "a finished movie must carry url",
    path: ["url"],
  });

export class Json2VideoProvider implements VideoProvider {
  readonly profile = json2VideoProfile;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly credentials: ProviderCredentials,
    options: ProviderHttpOptions = {},
  ) {
    this.baseUrl = (credentials.baseUrl ?? JSON2VIDEO_DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async submitRender(request: RenderRequest): Promise<SubmittedRender> {
    const answer = await requestProviderJson({
      provider: json2VideoProfile.name,
      method: "POST",
      url: `${this.baseUrl}/v2/movies`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      body: productMovie(request),
      timeoutMs: this.timeoutMs,
    });
    const parsed = submittedSchema.safeParse(answer);
    if (!parsed.success) throw unreadableAnswer(200, "no project id");
    return { generationId: parsed.data.project, status: "pending", modelActual: null, credits: null };
  }

  /** GET of a render that cannot exist: 404 once the key is accepted, 401 when it is not. */
  checkKey(): Promise<KeyCheck> {
    return checkKeyWithLookup({
      provider: json2VideoProfile.name,
      method: "GET",
      url: `${this.baseUrl}/v2/movies?project=${keyCheckLookupId()}`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      timeoutMs: this.timeoutMs,
    });
  }

  async fetchRender(generationId: string): Promise<RenderResult> {
    const answer = await requestProviderJson({
      provider: json2VideoProfile.name,
      method: "GET",
      url: `${this.baseUrl}/v2/movies?project=${encodeURIComponent(generationId)}`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      timeoutMs: this.timeoutMs,
    });
    const parsed = movieSchema.safeParse(answer);
    if (!parsed.success) throw unreadableAnswer(200, "unexpected movie status");
    const { movie } = parsed.data;
    if (movie.status === "done" && !movie.url) throw unreadableAnswer(200, "done without a video URL");
    return {
      generationId,
      status: normaliseStatus(movie.status),
      outputUrl: movie.url ?? null,
      errorMessage: movie.status === "error" ? (movie.message ?? "The movie failed to render.") : null,
      credits: null,
      failoverUsed: false,
      modelActual: null,
      completedAt: movie.ended_at ?? null,
    };
  }

  verifyCallback(callback: IncomingCallback): CallbackVerification {
    if (!tokensMatch(callback.urlToken, callback.expectedToken)) {
      return { ok: false, reason: "bad_signature", message: "The callback URL token does not match this video job." };
    }
    let json: unknown;
    try {
      json = JSON.parse(callback.rawBody);
    } catch {
      return { ok: false, reason: "bad_body", message: "The callback body is not JSON." };
    }
    const parsed = callbackSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        reason: "bad_body",
        message: `The callback body is not a movie: ${issue.path.join(".") || "body"} ${issue.message}.`,
      };
    }
    const payload = parsed.data;
    return {
      ok: true,
      result: {
        generationId: payload.project,
        status: normaliseStatus(payload.status),
        outputUrl: payload.url ?? null,
        errorMessage: payload.status === "error" ? (payload.message ?? "The movie failed to render.") : null,
        credits: null,
        failoverUsed: false,
        modelActual: null,
        completedAt: null,
        jobReference: payload["client-data"]?.job_reference ?? null,
      },
      deliveryKey: `json2video:${payload.project}:${payload.status}`,
      event: null,
    };
  }

  private authHeaders(): Record<string, string> {
    return { "x-api-key": this.credentials.apiKey };
  }
}

/** The unguessable part of a JSON2Video callback URL: 32 random bytes, base64url. */
export function newCallbackToken(): string {
  return crypto.randomBytes(32).toString("base64url");
}

export function isJson2VideoMotion(model: string): model is Json2VideoMotion {
  return Object.hasOwn(JSON2VIDEO_MOTIONS, model);
}

function productMovie(request: RenderRequest) {
  const resolution = JSON2VIDEO_RESOLUTIONS[request.aspectRatio];
  if (!resolution) {
    throw new ProviderError(`JSON2Video cannot render the ${request.aspectRatio} aspect ratio; choose 16:9, 9:16 or 1:1.`, null, false);
  }
  const motion = isJson2VideoMotion(request.model) ? JSON2VIDEO_MOTIONS[request.model] : JSON2VIDEO_MOTIONS["zoom-in"];
  return {
    resolution,
    "client-data": { job_reference: request.jobReference },
    exports: [{ destinations: [{ type: "webhook", endpoint: request.callbackUrl }] }],
    scenes: [
      {
        duration: request.duration,
        elements: [{ type: "image", src: request.imageUrl, duration: request.duration, ...motion }],
      },
    ],
  };
}

// JSON2Video moves a movie through pending -> running -> done | error.
function normaliseStatus(status: string): RenderResult["status"] {
  if (status === "done") return "completed";
  if (status === "error") return "failed";
  if (status === "pending") return "pending";
  return "processing";
}
