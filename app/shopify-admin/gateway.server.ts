// How the app's Admin client talks to Shopify's Admin GraphQL API, from
// routes and workers alike. It respects Shopify's cost-based throttling
// instead of discovering it the hard way: it keeps an estimate of the shop's
// bucket (extensions.cost.throttleStatus), waits before a call the bucket
// cannot cover, and retries THROTTLED answers, 429, 5xx and network failures
// with backoff. Anything else Shopify says no to becomes an AdminApiError.
//
// A mutation whose answer was lost (timeout, 5xx) is sent again; callers keep
// mutations safe to repeat (publishing finds its own clip by alt text first).
import { retryAfterMs } from "~/http/retry-after";
import { logger as appLogger, type Logger } from "~/logging/logger.server";
import { AdminApiError, type AdminClient } from "./admin-client";
import type { AdminOperation } from "./operations";
import { ADMIN_API_VERSION } from "./schema.server";
import { fetchThroughOrigin } from "./shopify-origin.server";
import { throttleBudgetFor, type ThrottleStatus } from "./throttle-budget.server";

export type { ThrottleStatus } from "./throttle-budget.server";

interface GraphqlError {
  message: string;
  extensions?: { code?: string };
}

interface GraphqlResponse<TData> {
  data?: TData | null;
  errors?: GraphqlError[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; actualQueryCost?: number | null; throttleStatus?: ThrottleStatus } };
}

/** Where the shop's access token comes from: its stored offline session, renewed when it is about to expire. */
export interface AccessTokenSource {
  /** The token to send now. */
  current(): Promise<string>;
  /** Shopify answered 401 to `refused`: the token stored since (another process renewed it), or null when there is none. */
  afterRefusal(refused: string): Promise<string | null>;
}

export type AdminGatewayEvent =
  | { type: "waited"; operation: string; ms: number }
  | { type: "throttled"; operation: string }
  | { type: "retried"; operation: string; reason: string; attempt: number; waitMs: number };

export interface AdminGatewayOptions {
  /** The shop's myshopify domain. */
  shop: string;
  /** A fixed token, or the shop's offline session. */
  accessToken: string | AccessTokenSource;
  /** The emulator's origin in the sandbox and tests (SHOPIFY_ADMIN_API_ORIGIN); Shopify otherwise. */
  apiOrigin?: string;
  apiVersion?: string;
  fetch?: typeof fetch;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** In [0, 1); jitter for backoff. */
  random?: () => number;
  /** Attempts per call against 429, 5xx and network failures (default 6). */
  maxAttempts?: number;
  /**
   * THROTTLED answers tolerated per call (default 30). Counted apart from
   * failures because each one waits for the bucket to refill, so they end.
   */
  maxThrottledRetries?: number;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** What the gateway did, for benchmarks and tests. */
  onEvent?: (event: AdminGatewayEvent) => void;
}

/** The last requestedQueryCost Shopify reported per document: the next call's estimate. */
const expectedCosts = new Map<string, number>();
const DEFAULT_EXPECTED_COST = 10;

/** Shopify refused the token just sent; the call is sent again once when a renewed token is stored. */
class TokenRefused extends Error {
  constructor(readonly token: string) {
    super("Shopify refused the access token");
  }
}

class Retryable extends Error {
  constructor(
    readonly reason: string,
    readonly retryAfterMs: number | null,
    readonly status: number | null,
    readonly throttled = false,
  ) {
    super(reason);
  }
}

export function createAdminGateway(options: AdminGatewayOptions): AdminClient {
  const url = `https://${options.shop}/admin/api/${options.apiVersion ?? ADMIN_API_VERSION}/graphql.json`;
  const doFetch = options.apiOrigin ? fetchThroughOrigin(options.apiOrigin, options.fetch) : (options.fetch ?? fetch);
  const tokens: AccessTokenSource =
    typeof options.accessToken === "string"
      ? { current: async () => options.accessToken as string, afterRefusal: async () => null }
      : options.accessToken;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const maxAttempts = options.maxAttempts ?? 6;
  const maxThrottled = options.maxThrottledRetries ?? 30;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const log = (options.logger ?? appLogger).child({ component: "shopify-admin", shop: options.shop });
  const budget = throttleBudgetFor(options.shop, { now, sleep });

  async function send<TData>(operation: string, document: string, body: string, cost: number, token: string): Promise<TData> {
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-shopify-access-token": token },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      budget.settle(cost, null);
      throw new Retryable(`Shopify could not be reached (${(error as Error).message})`, null, null);
    }
    if (response.status === 429 || response.status >= 500) {
      budget.settle(cost, null);
      await response.arrayBuffer().catch(() => undefined);
      throw new Retryable(
        `Shopify answered HTTP ${response.status}`,
        retryAfterMs(response.headers.get("retry-after"), now()),
        response.status,
      );
    }
    let parsed: GraphqlResponse<TData> | null = null;
    const text = await response.text().catch(() => "");
    try {
      parsed = JSON.parse(text) as GraphqlResponse<TData>;
    } catch {
      parsed = null;
    }
    const reported = parsed?.extensions?.cost;
    budget.settle(cost, reported?.throttleStatus ?? null);
    if (reported?.requestedQueryCost !== undefined) expectedCosts.set(document, reported.requestedQueryCost);

    if (response.status === 401) throw new TokenRefused(token);
    if (!response.ok) {
      throw new AdminApiError("refused", `Shopify answered ${operation} with HTTP ${response.status}: ${errorText(parsed, text)}`, {
        operation,
        status: response.status,
      });
    }
    if (!parsed) throw new Retryable(`Shopify answered ${operation} with a body that is not JSON`, null, response.status);
    const errors = typeof parsed.errors === "string" ? [{ message: parsed.errors }] : (parsed.errors ?? []);
    const codes = errors.map((e) => e.extensions?.code ?? "");
    if (codes.includes("THROTTLED")) throw new Retryable("Shopify throttled the request", null, response.status, true);
    if (errors.length > 0) {
      throw new AdminApiError("refused", `Shopify refused ${operation}: ${errors.map((e) => e.message).join("; ")}`, {
        operation,
        status: response.status,
        codes,
      });
    }
    if (parsed.data === undefined || parsed.data === null) {
      throw new AdminApiError("refused", `Shopify returned no data for ${operation}`, { operation, status: response.status });
    }
    return parsed.data;
  }

  return {
    async request<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
      document: AdminOperation<TData, TVariables> | string,
      variables?: TVariables,
    ): Promise<TData> {
      const operation = operationName(document);
      const body = JSON.stringify({ query: document, variables: variables ?? {} });
      let failures = 0;
      let throttles = 0;
      let token = await tokens.current();
      let renewed = false;
      for (;;) {
        const cost = expectedCosts.get(document) ?? DEFAULT_EXPECTED_COST;
        const waited = await budget.reserve(cost);
        if (waited > 0) {
          options.onEvent?.({ type: "waited", operation, ms: waited });
          log.debug({ operation, waitedMs: waited }, "waited for the Admin API cost bucket");
        }
        try {
          return await send<TData>(operation, document, body, cost, token);
        } catch (error) {
          if (error instanceof TokenRefused) {
            const replacement = renewed ? null : await tokens.afterRefusal(error.token);
            if (!replacement) {
              log.warn({ operation }, "Shopify refused the shop's access token");
              throw new AdminApiError("access_revoked", `Shopify refused the app's access token for ${options.shop} (HTTP 401)`, {
                operation,
                status: 401,
              });
            }
            token = replacement;
            renewed = true;
            continue;
          }
          if (!(error instanceof Retryable)) throw error;
          let waitMs: number;
          if (error.throttled) {
            throttles += 1;
            options.onEvent?.({ type: "throttled", operation });
            if (throttles > maxThrottled) {
              throw new AdminApiError("unavailable", `Shopify kept throttling ${operation} (${throttles} times)`, {
                operation,
                status: error.status,
                codes: ["THROTTLED"],
              });
            }
            // The budget now holds Shopify's own figure: the next reserve()
            // waits for the refill. A little jitter spreads concurrent callers.
            waitMs = Math.floor(random() * 100);
          } else {
            failures += 1;
            if (failures >= maxAttempts) {
              log.warn({ operation, attempts: failures, status: error.status }, "Admin API call failed after retries");
              throw new AdminApiError("unavailable", `${error.reason} for ${operation}, ${failures} times`, {
                operation,
                status: error.status,
              });
            }
            const backoff = Math.min(10_000, 250 * 2 ** (failures - 1));
            waitMs = Math.max(error.retryAfterMs ?? 0, Math.round(backoff * (0.5 + random() * 0.5)));
          }
          options.onEvent?.({ type: "retried", operation, reason: error.reason, attempt: failures + throttles, waitMs });
          log.debug({ operation, reason: error.reason, attempt: failures + throttles, waitMs }, "retrying Admin API call");
          await sleep(waitMs);
        }
      }
    },
  };
}

/** The operation's name for logs and errors ("anonymous" when it has none). */
export function operationName(document: string): string {
  return /\b(?:query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/.exec(document)?.[1] ?? "anonymous";
}

function errorText(parsed: GraphqlResponse<unknown> | null, text: string): string {
  if (typeof parsed?.errors === "string") return parsed.errors;
  if (Array.isArray(parsed?.errors)) return parsed.errors.map((e) => e.message).join("; ");
  return text.slice(0, 200);
}
