// One way to call a provider's HTTP API, so every adapter turns the same
// failures into the same ProviderError: 429, 5xx and network trouble are worth
// retrying; any other 4xx is the provider refusing the request and a retry
// would be refused again.
import { retryAfterMs } from "~/http/retry-after";
import { logger } from "~/logging/logger.server";
import { ProviderError, type KeyCheck, type ProviderName } from "./provider";

export const DEFAULT_PROVIDER_TIMEOUT_MS = 15_000;
const PROVIDER_MESSAGE_MAX_CHARS = 300;

export interface ProviderHttpOptions {
  /** Per-request timeout; a request still unanswered after it is retryable. */
  timeoutMs?: number;
}

export interface ProviderRequest {
  provider: ProviderName;
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  /** Scrubbed from whatever the provider says, so its words can never carry the key into logs or the UI. */
  apiKey: string;
  body?: unknown;
  timeoutMs: number;
}

/** Sends the request and returns the parsed JSON of a 2xx answer, or throws ProviderError. */
export async function requestProviderJson(request: ProviderRequest): Promise<unknown> {
  const path = new URL(request.url).pathname;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: {
        accept: "application/json",
        ...(request.body === undefined ? {} : { "content-type": "application/json" }),
        ...request.headers,
      },
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
    const reason = timedOut ? `no answer within ${Math.round(request.timeoutMs / 1000)} s` : describeNetworkError(error);
    logger.warn({ provider: request.provider, method: request.method, path, reason }, "video provider unreachable");
    throw new ProviderError(`The video provider could not be reached (${reason}). It will be tried again.`, null, true);
  }

  if (response.ok) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      logger.warn(
        { provider: request.provider, method: request.method, path, status: response.status },
        "video provider answer is not JSON",
      );
      throw unreadableAnswer(response.status);
    }
  }

  const providerMessage = redact(providerMessageFrom(text), request.apiKey);
  logger.warn(
    { provider: request.provider, method: request.method, path, status: response.status, providerMessage },
    "video provider returned an error",
  );
  throw errorForStatus(response.status, providerMessage, response.headers.get("retry-after"));
}

export function errorForStatus(status: number, providerMessage: string | null, retryAfter: string | null): ProviderError {
  const said = providerMessage ? `: ${providerMessage}` : "";
  if (status === 429) {
    return new ProviderError(
      `The video provider is busy and asked us to slow down${said}. It will be tried again.`,
      status,
      true,
      retryAfterMs(retryAfter),
      providerMessage,
    );
  }
  if (status >= 500) {
    return new ProviderError(
      `The video provider had a temporary problem (HTTP ${status})${said}. It will be tried again.`,
      status,
      true,
      retryAfterMs(retryAfter),
      providerMessage,
    );
  }
  if (status === 401 || status === 403) {
    return new ProviderError(
      `The video provider did not accept the API key (HTTP ${status})${said}. Check the key in Settings.`,
      status,
      false,
      null,
      providerMessage,
    );
  }
  return new ProviderError(`The video provider refused the request${said || ` (HTTP ${status})`}`, status, false, null, providerMessage);
}

/**
 * A key check from a lookup of a render that cannot exist: the provider
 * authenticates the call before looking, so "not found" means the key was
 * accepted, and 401/403 that it was not. Nothing is rendered or charged.
 */
export async function checkKeyWithLookup(request: ProviderRequest): Promise<KeyCheck> {
  try {
    await requestProviderJson(request);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof ProviderError)) throw error;
    const details =
      error.status === null ? error.message : `HTTP ${error.status}${error.providerMessage ? `: ${error.providerMessage}` : ""}`;
    if (error.status === 404) return { ok: true };
    if (error.status === 401 || error.status === 403) return { ok: false, problem: "refused", details };
    if (error.retryable) return { ok: false, problem: "unreachable", details };
    return { ok: false, problem: "unexpected", details };
  }
}

/** A lookup id no render ever has, so the key check never reads a real one. */
export function keyCheckLookupId(): string {
  return `catalog-motion-key-check-${Date.now().toString(36)}`;
}

/** A 2xx whose body we cannot use. Not retried: the provider may already have acted on it. */
export function unreadableAnswer(status: number, detail?: string): ProviderError {
  return new ProviderError(`The video provider sent an answer we could not read${detail ? ` (${detail})` : ""}.`, status, false);
}

/**
 * The provider's own words, for the merchant: `error.message`, `message` or
 * `error` from a JSON body, otherwise the text itself. HTML error pages (a
 * proxy in front of the provider) say nothing useful and are dropped.
 */
export function providerMessageFrom(body: string): string | null {
  const trimmed = body.trim();
  if (trimmed === "") return null;
  let message: unknown = trimmed;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    message = pickMessage(parsed);
  } catch {
    if (trimmed.startsWith("<")) return null;
  }
  if (typeof message !== "string") return null;
  const oneLine = message.replace(/\s+/g, " ").trim();
  if (oneLine === "") return null;
  return oneLine.length > PROVIDER_MESSAGE_MAX_CHARS ? `${oneLine.slice(0, PROVIDER_MESSAGE_MAX_CHARS - 1)}…` : oneLine;
}

function redact(message: string | null, secret: string): string | null {
  return message !== null && secret !== "" ? message.split(secret).join("[redacted]") : message;
}

function pickMessage(parsed: unknown): unknown {
  if (typeof parsed === "string") return parsed;
  if (typeof parsed !== "object" || parsed === null) return null;
  const record = parsed as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "object" && error !== null && typeof (error as Record<string, unknown>).message === "string") {
    return (error as Record<string, unknown>).message;
  }
  if (typeof record.message === "string") return record.message;
  if (typeof error === "string") return error;
  return null;
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === "string") return cause.code;
  return error instanceof Error ? error.message : "network error";
}
