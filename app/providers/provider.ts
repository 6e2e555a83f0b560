// The one interface every video provider adapter implements. Named in the
// product's words: a render is what the provider makes from a product photo.

export type ProviderName = "creativeai" | "json2video";

export interface RenderRequest {
  imageUrl: string;
  prompt: string;
  /** Provider model name (CreativeAI: kling-v3 | seedance-1.5-pro | auto). */
  model: string;
  /** Seconds. */
  duration: number;
  /** "16:9" | "1:1" | "9:16" */
  aspectRatio: string;
  /** Where the provider should POST its callback. */
  callbackUrl: string;
  /** Our video job id, echoed back where the provider supports it. */
  jobReference: string;
}

export interface SubmittedRender {
  generationId: string;
  /** Provider status at submission, e.g. "pending". */
  status: string;
  modelActual?: string | null;
  credits?: number | null;
}

/** What the provider says about a render, from a callback or from polling. */
export interface RenderResult {
  generationId: string;
  /** "pending" and "processing" are in progress; "completed" and "failed" are final. */
  status: "pending" | "processing" | "completed" | "failed";
  outputUrl: string | null;
  errorMessage: string | null;
  credits: number | null;
  failoverUsed: boolean;
  modelActual: string | null;
  completedAt: string | null;
  /** Our job reference when the provider echoes it (JSON2Video client-data). */
  jobReference?: string | null;
}

/** A callback we verified: the result and the provider's de-duplication key. */
export interface VerifiedCallback {
  result: RenderResult;
  /** Unique per delivery of one state: provider + generation id + status. */
  deliveryKey: string;
  event: string | null;
}

export type CallbackRejection =
  { ok: false; reason: "bad_signature"; message: string } | { ok: false; reason: "bad_body"; message: string };

export type CallbackVerification = ({ ok: true } & VerifiedCallback) | CallbackRejection;

export interface IncomingCallback {
  /** The exact bytes received: signatures are over these, not a re-serialisation. */
  rawBody: string;
  headers: Headers;
  /** JSON2Video: the token from the callback URL path. */
  urlToken?: string | null;
  /** JSON2Video: the token we stored for the job the callback names. */
  expectedToken?: string | null;
}

/**
 * A provider error with what the merchant should see. `retryable` is true for
 * 429 and 5xx (and network failures); `retryAfterMs` comes from Retry-After.
 */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly providerMessage: string | null = null,
  ) {
    super(message);
    this.name = "ProviderError";
  }
}

/** What a callback names before it can be verified: enough to find its job, nothing to act on. */
export interface CallbackNames {
  generationId?: string;
  /** Our video job id, when the provider echoes it in the body. */
  jobReference?: string;
}

/** A video job as its callback URL needs it. */
export interface CallbackAddressee {
  id: string;
  callbackToken: string | null;
  /** The submission attempt the URL names, so a callback for an earlier one never moves the current one. */
  attemptNonce: string | null;
}

/**
 * What the app knows of a provider without an account or a network: how its
 * callbacks reach us and are told apart, where its clips live, and what a
 * render costs. The pipeline asks these instead of naming a provider.
 */
export interface ProviderProfile {
  readonly name: ProviderName;
  /** Hosts the provider serves finished clips from ("*.example.com": any subdomain); clips are fetched from nowhere else. */
  readonly outputHosts: readonly string[];
  /** The callback headers kept with a recorded or held callback: what verifying it later needs. */
  readonly callbackHeaders: readonly string[];
  /** Which render (or job) an unverified callback names; never throws, whatever the body. */
  callbackNames(rawBody: string, headers: Headers): CallbackNames;
  /** A new unguessable secret for a job's callback URL, or null when the provider signs its callbacks instead. */
  newCallbackToken(): string | null;
  /** Where the provider calls back about a job; `origin` has no trailing slash. */
  callbackUrl(origin: string, job: CallbackAddressee): string;
  /** Credits one render is expected to cost, from the provider's published prices: never less than the bill. */
  estimateCredits(options: { model: string; duration: number }): number;
}

/**
 * Whether the provider accepts the account's key, from one cheap
 * authenticated call that renders nothing and costs nothing.
 */
export type KeyCheck = { ok: true } | { ok: false; problem: "refused" | "unreachable" | "unexpected"; details: string };

/** A provider with an account's key: what needs its API or its secret. */
export interface VideoProvider {
  readonly profile: ProviderProfile;
  checkKey(): Promise<KeyCheck>;
  submitRender(request: RenderRequest): Promise<SubmittedRender>;
  fetchRender(generationId: string): Promise<RenderResult>;
  verifyCallback(callback: IncomingCallback): CallbackVerification;
}

export interface ProviderCredentials {
  apiKey: string;
  /** Overrides the provider's public API origin (the simulator in tests and the sandbox). */
  baseUrl?: string;
}
