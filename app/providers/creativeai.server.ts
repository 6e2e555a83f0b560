// CreativeAI (https://api.creativeai.run): image-to-video with signed callbacks
// and a polling endpoint. Contract: the provider documentation (seeds 001-003), summarised in
// dev/video-provider-simulator/README.md, and exercised by creativeai.contract.test.ts.
import { z } from "zod";
import { callbackObjectOf, stringField } from "./callback-body";
import {
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
import { hmacSignatureMatches } from "./secret-compare.server";
import { webAddressSchema } from "~/security/web-address";

export const CREATIVEAI_DEFAULT_BASE_URL = "https://api.creativeai.run";

/** Finished clips are served from cdn.creativeai.run (seeds 001-003). */
export const CREATIVEAI_OUTPUT_HOSTS: readonly string[] = ["*.creativeai.run"];

export const CREATIVEAI_MODELS = ["kling-v3", "seedance-1.5-pro", "auto"] as const;
export type CreativeAiModel = (typeof CREATIVEAI_MODELS)[number];

/**
 * Credits charged per started 5 seconds of video, from the provider's pricing
 * examples (a 5 s kling-v3 clip costs 3 credits). "auto" may pick either model,
 * so it is estimated at the dearer one: an estimate shown before submitting
 * should not be beaten by the bill.
 */
export const CREATIVEAI_CREDITS_PER_5_SECONDS: Readonly<Record<CreativeAiModel, number>> = {
  "kling-v3": 3,
  "seedance-1.5-pro": 2,
  auto: 3,
};

const SIGNATURE_HEADER = "x-creativeai-signature";
const EVENT_HEADER = "x-creativeai-event";
/** The generation id the delivery is about. */
const DELIVERY_ID_HEADER = "x-creativeai-delivery-id";

/**
 * Callbacks are signed with the account's key, so their URL needs no secret;
 * it names the job, so a callback finds its job even when the worker died
 * before storing the generation id.
 */
export const creativeAiProfile: ProviderProfile = {
  name: "creativeai",
  outputHosts: CREATIVEAI_OUTPUT_HOSTS,
  callbackHeaders: ["content-type", SIGNATURE_HEADER, EVENT_HEADER, DELIVERY_ID_HEADER],
  callbackNames(rawBody, headers) {
    return { generationId: headers.get(DELIVERY_ID_HEADER) || stringField(callbackObjectOf(rawBody), "id") };
  },
  newCallbackToken: () => null,
  callbackUrl(origin, job) {
    const attempt = job.attemptNonce ? `&attempt=${encodeURIComponent(job.attemptNonce)}` : "";
    return `${origin}/webhooks/video/creativeai?job=${encodeURIComponent(job.id)}${attempt}`;
  },
  estimateCredits({ model, duration }) {
    const perFiveSeconds = isCreativeAiModel(model)
      ? CREATIVEAI_CREDITS_PER_5_SECONDS[model]
      : Math.max(...Object.values(CREATIVEAI_CREDITS_PER_5_SECONDS));
    return perFiveSeconds * Math.max(1, Math.ceil(duration / 5));
  },
};

const submittedSchema = z.object({
  id: z.string().min(1),
  status: z.string().min(1),
  model_actual: z.string().nullish(),
  credits: z.number().nullish(),
});

// The docs name `error_message`; their polling example reads `error`. Both are read.
const providerErrorField = z.union([z.string(), z.object({ message: z.string() }).passthrough()]).nullish();

const generationSchema = z.object({
  id: z.string().min(1),
  object: z.string().optional(),
  status: z.string().min(1),
  model: z.string().nullish(),
  model_actual: z.string().nullish(),
  prompt: z.string().nullish(),
  output_url: webAddressSchema.nullish(),
  error_message: z.string().nullish(),
  error: providerErrorField,
  credits: z.number().nullish(),
  failover_used: z.boolean().nullish(),
  completed_at: z.string().nullish(),
});

// Callbacks are documented as completed|failed only; an in-progress status is
// tolerated so a late or replayed progress event is recorded, not rejected.
const callbackSchema = generationSchema
  .extend({ status: z.enum(["completed", "failed", "pending", "processing"]) })
  .refine((payload) => payload.status !== "completed" || Boolean(payload.output_url), {
    message: "a completed render must carry output_url",
    path: ["output_url"],
  });

type Generation = z.infer<typeof generationSchema>;

export class CreativeAiProvider implements VideoProvider {
  readonly profile = creativeAiProfile;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly credentials: ProviderCredentials,
    options: ProviderHttpOptions = {},
  ) {
    this.baseUrl = (credentials.baseUrl ?? CREATIVEAI_DEFAULT_BASE_URL).replace(/\/+$/, "");
    this.timeoutMs = options.timeoutMs ?? DEFAULT_PROVIDER_TIMEOUT_MS;
  }

  async submitRender(request: RenderRequest): Promise<SubmittedRender> {
    const answer = await requestProviderJson({
      provider: creativeAiProfile.name,
      method: "POST",
      url: `${this.baseUrl}/v1/video/generations`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      body: {
        model: request.model,
        prompt: request.prompt,
        image_url: request.imageUrl,
        duration: request.duration,
        aspect_ratio: request.aspectRatio,
        webhook_url: request.callbackUrl,
        failover: true,
      },
      timeoutMs: this.timeoutMs,
    });
    const parsed = submittedSchema.safeParse(answer);
    if (!parsed.success) throw unreadableAnswer(202, "no generation id");
    return {
      generationId: parsed.data.id,
      status: parsed.data.status,
      modelActual: parsed.data.model_actual ?? null,
      credits: parsed.data.credits ?? null,
    };
  }

  /** GET of a render that cannot exist: 404 once the key is accepted, 401 when it is not. */
  checkKey(): Promise<KeyCheck> {
    return checkKeyWithLookup({
      provider: creativeAiProfile.name,
      method: "GET",
      url: `${this.baseUrl}/v1/video/generations/${keyCheckLookupId()}`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      timeoutMs: this.timeoutMs,
    });
  }

  async fetchRender(generationId: string): Promise<RenderResult> {
    const answer = await requestProviderJson({
      provider: creativeAiProfile.name,
      method: "GET",
      url: `${this.baseUrl}/v1/video/generations/${encodeURIComponent(generationId)}`,
      headers: this.authHeaders(),
      apiKey: this.credentials.apiKey,
      timeoutMs: this.timeoutMs,
    });
    const parsed = generationSchema.safeParse(answer);
    if (!parsed.success) throw unreadableAnswer(200, "unexpected generation status");
    if (parsed.data.status === "completed" && !parsed.data.output_url) throw unreadableAnswer(200, "completed without a video URL");
    return toRenderResult(parsed.data);
  }

  verifyCallback(callback: IncomingCallback): CallbackVerification {
    const { rawBody, headers } = callback;
    // An empty body was never signed by the provider, whatever the header says.
    if (rawBody === "" || !hmacSignatureMatches(headers.get(SIGNATURE_HEADER), rawBody, this.credentials.apiKey)) {
      return { ok: false, reason: "bad_signature", message: "The callback signature does not match." };
    }
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      return { ok: false, reason: "bad_body", message: "The callback body is not JSON." };
    }
    const parsed = callbackSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        ok: false,
        reason: "bad_body",
        message: `The callback body is not a generation: ${issue.path.join(".") || "body"} ${issue.message}.`,
      };
    }
    const deliveryId = headers.get(DELIVERY_ID_HEADER);
    if (deliveryId !== null && deliveryId !== parsed.data.id) {
      return { ok: false, reason: "bad_body", message: "The callback delivery id names a different generation than its body." };
    }
    return {
      ok: true,
      result: toRenderResult(parsed.data),
      deliveryKey: `creativeai:${parsed.data.id}:${parsed.data.status}`,
      event: headers.get(EVENT_HEADER),
    };
  }

  private authHeaders(): Record<string, string> {
    return { authorization: `Bearer ${this.credentials.apiKey}` };
  }
}

export function isCreativeAiModel(model: string): model is CreativeAiModel {
  return (CREATIVEAI_MODELS as readonly string[]).includes(model);
}

function toRenderResult(generation: Generation): RenderResult {
  const error = generation.error;
  const errorMessage = generation.error_message ?? (typeof error === "string" ? error : error?.message) ?? null;
  return {
    generationId: generation.id,
    status: normaliseStatus(generation.status),
    outputUrl: generation.output_url ?? null,
    errorMessage,
    credits: generation.credits ?? null,
    failoverUsed: generation.failover_used ?? false,
    modelActual: generation.model_actual ?? null,
    completedAt: generation.completed_at ?? null,
  };
}

// The provider shows phase labels (queued, rendering, encoding, ...) while it
// works; anything that is neither final nor "pending" is still rendering.
function normaliseStatus(status: string): RenderResult["status"] {
  if (status === "completed" || status === "failed" || status === "pending") return status;
  return "processing";
}
