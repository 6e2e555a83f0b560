// The one way the app calls the Shopify Admin GraphQL API, from routes and
// workers alike. It respects Shopify's cost-based throttling instead of
// discovering it the hard way: it remembers each shop's bucket
// (extensions.cost.throttleStatus), waits before a call the bucket cannot
// cover, and retries THROTTLED answers, 429 and 5xx with backoff.
import pRetry, { AbortError } from "p-retry";
import { logger } from "~/logging/logger.server";

export const ADMIN_API_VERSION = "2025-01";

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface CostExtension {
  requestedQueryCost?: number;
  actualQueryCost?: number | null;
  throttleStatus?: ThrottleStatus;
}

interface GraphqlResponse<TData> {
  data?: TData | null;
  errors?: { message: string; extensions?: { code?: string } }[];
  extensions?: { cost?: CostExtension };
}

/** GraphQL errors Shopify returned for the operation itself (not user errors). */
export class AdminApiError extends Error {
  constructor(message: string, readonly status: number | null, readonly codes: string[] = []) {
    super(message);
    this.name = "AdminApiError";
  }
}

class RetryableAdminError extends Error {
  constructor(message: string, readonly waitMs: number, readonly throttled = false) {
    super(message);
  }
}

/** Per shop and process: several gateways for one shop share one bucket estimate. */
const buckets = new Map<string, { status: ThrottleStatus; at: number }>();
/** The last requested cost seen per document, used as the next call's estimate. */
const costs = new Map<string, number>();

export interface AdminGatewayOptions {
  shop: string;
  accessToken: string;
  /** The emulator's origin in the sandbox and tests; https://<shop> otherwise. */
  apiOrigin?: string;
  apiVersion?: string;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  retries?: number;
  /** Counts what the gateway did, for benchmarks and tests. */
  onEvent?: (event: "throttled" | "waited" | "retried") => void;
}

export interface AdminGateway {
  request<TData>(document: string, variables?: Record<string, unknown>): Promise<TData>;
}

export function availableNow(shop: string, now = Date.now()): number | null {
  const bucket = buckets.get(shop);
  if (!bucket) return null;
  const restored = ((now - bucket.at) / 1000) * bucket.status.restoreRate;
  return Math.min(bucket.status.maximumAvailable, bucket.status.currentlyAvailable + restored);
}

export function createAdminGateway(options: AdminGatewayOptions): AdminGateway {
  const origin = (options.apiOrigin ?? `https://${options.shop}`).replace(/\/$/, "");
  const url = `${origin}/admin/api/${options.apiVersion ?? ADMIN_API_VERSION}/graphql.json`;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));

  async function waitForBudget(document: string) {
    const bucket = buckets.get(options.shop);
    const available = availableNow(options.shop);
    if (!bucket || available === null) return;
    const needed = Math.min(costs.get(document) ?? 10, bucket.status.maximumAvailable);
    if (available >= needed) return;
    const waitMs = Math.ceil(((needed - available) / bucket.status.restoreRate) * 1000);
    options.onEvent?.("waited");
    await sleep(waitMs);
  }

  async function attempt<TData>(document: string, variables?: Record<string, unknown>): Promise<TData> {
    await waitForBudget(document);
    let response: Response;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", "x-shopify-access-token": options.accessToken },
        body: JSON.stringify({ query: document, variables: variables ?? {} }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new RetryableAdminError(`Shopify could not be reached: ${(error as Error).message}`, 1_000);
    }
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number(response.headers.get("retry-after"));
      await response.arrayBuffer().catch(() => {});
      throw new RetryableAdminError(`Shopify answered HTTP ${response.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1_000);
    }
    if (response.status === 401 || response.status === 403) {
      throw new AbortError(new AdminApiError("Shopify refused the app's access token", response.status));
    }
    if (!response.ok) {
      throw new AbortError(new AdminApiError(`Shopify answered HTTP ${response.status}`, response.status));
    }
    const body = (await response.json()) as GraphqlResponse<TData>;
    const cost = body.extensions?.cost;
    if (cost?.throttleStatus) buckets.set(options.shop, { status: cost.throttleStatus, at: Date.now() });
    if (cost?.requestedQueryCost) costs.set(document, cost.requestedQueryCost);
    const codes = (body.errors ?? []).map((e) => e.extensions?.code ?? "");
    if (codes.includes("THROTTLED")) {
      options.onEvent?.("throttled");
      const status = cost?.throttleStatus;
      const needed = cost?.requestedQueryCost ?? 10;
      const waitMs = status ? Math.ceil((Math.max(0, needed - status.currentlyAvailable) / status.restoreRate) * 1000) : 1_000;
      throw new RetryableAdminError("Shopify throttled the request", Math.max(waitMs, 50), true);
    }
    if (body.errors?.length) {
      throw new AbortError(new AdminApiError(body.errors.map((e) => e.message).join("; "), response.status, codes));
    }
    if (!body.data) throw new AbortError(new AdminApiError("Shopify returned no data", response.status));
    return body.data;
  }

  return {
    async request<TData>(document: string, variables?: Record<string, unknown>) {
      return pRetry(() => attempt<TData>(document, variables), {
        retries: options.retries ?? 8,
        minTimeout: 0,
        maxTimeout: 0,
        shouldRetry: ({ error }) => error instanceof RetryableAdminError,
        // The wait comes from Shopify (bucket refill time, Retry-After), with a
        // growing floor so repeated 5xx back off.
        onFailedAttempt: async ({ error, attemptNumber }) => {
          if (!(error instanceof RetryableAdminError)) return;
          options.onEvent?.("retried");
          const backoff = Math.min(30_000, 250 * 2 ** (attemptNumber - 1));
          const wait = Math.max(error.waitMs, error.throttled ? 0 : backoff) + Math.random() * 100;
          logger.debug({ shop: options.shop, attemptNumber, wait }, error.message);
          await sleep(wait);
        },
      });
    },
  };
}
