// POST /admin/api/<version>/graphql.json, optionally behind the shop's
// domain: /<shop>.myshopify.com/admin/api/<version>/graphql.json.
// The access token names the shop (each token belongs to one shop, as on
// Shopify); the domain form also pins the shop, so a token used against
// another shop's URL is refused. An expired, revoked or unknown token gets
// Shopify's 401; a valid one brings its access scopes, which execution checks.
// Faults (429, 5xx, slowness) happen here,
// before anything else, as they would at Shopify's edge.
import type { IncomingMessage, ServerResponse } from "node:http";
import { APP_SCOPES } from "../../app/config/access-scopes";
import { ADMIN_API_VERSION } from "../../app/shopify-admin/schema.server";
import { parseJsonObject, readBody, sendJson } from "../shared/http-io";
import type { Random } from "../shared/random";
import type { AccessTokens } from "./access-tokens";
import type { AppBilling } from "./billing";
import type { BulkOperations } from "./bulk-operations";
import type { Catalog, ShopRecord } from "./catalog";
import type { RequestContext } from "./context";
import { executeAdminGraphql, type ExecutionSettings } from "./execution";
import type { AdminFaults } from "./faults";
import type { MediaTiming } from "./media-processing";
import type { StagedUploads } from "./staged-uploads";
import type { AdminEmulatorStats } from "./stats";

const ROUTE = /^(?:\/([a-z0-9][a-z0-9-]*\.myshopify\.com))?\/admin\/api\/([^/]+)\/graphql\.json$/;

export interface GraphqlEndpoint {
  settings: ExecutionSettings;
  catalog: Catalog;
  tokens: AccessTokens;
  uploads: StagedUploads;
  bulk: BulkOperations;
  billing: AppBilling;
  stats: AdminEmulatorStats;
  faults(): AdminFaults;
  random: Random;
  timing: MediaTiming;
  baseUrl(): string;
  sleep(ms: number): Promise<void>;
}

export function isGraphqlPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

export async function handleGraphql(
  endpoint: GraphqlEndpoint,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const { stats } = endpoint;
  stats.requests += 1;
  const faults = endpoint.faults();
  if (faults.slowMs > 0) await endpoint.sleep(faults.slowMs);
  // Both drawn on every request so one rate's change does not shift the other's decisions.
  const fail5xx = endpoint.random.chance(faults.http5xxRate);
  const fail429 = endpoint.random.chance(faults.http429Rate);
  if (fail5xx) {
    stats.injected5xx += 1;
    await readBody(request).catch(() => "");
    const status = endpoint.random.chance(0.5) ? 502 : 503;
    return sendJson(response, status, { errors: status === 502 ? "Bad Gateway" : "Service Unavailable" });
  }
  if (fail429) {
    stats.injected429 += 1;
    await readBody(request).catch(() => "");
    return sendJson(
      response,
      429,
      { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." },
      {
        "retry-after": faults.retryAfterSeconds.toFixed(1),
      },
    );
  }

  const [, pinnedShop, version] = ROUTE.exec(pathname) as RegExpExecArray;
  if (request.method !== "POST") return sendJson(response, 405, { errors: "The Admin GraphQL API takes POST requests" }, { allow: "POST" });
  if (version !== ADMIN_API_VERSION) {
    return sendJson(response, 404, {
      errors: `Not Found: the emulator serves Admin API version ${ADMIN_API_VERSION} only, not ${version}`,
    });
  }
  const token = request.headers["x-shopify-access-token"];
  const caller = typeof token === "string" ? callerOf(endpoint, token) : undefined;
  if (!caller || (pinnedShop !== undefined && caller.shop.domain !== pinnedShop)) {
    stats.unauthorized += 1;
    await readBody(request).catch(() => "");
    return sendJson(response, 401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
  }

  let text: string;
  try {
    text = await readBody(request);
  } catch {
    return sendJson(response, 413, { errors: "Request body too large" });
  }
  const body = parseJsonObject(text);
  if (!body || typeof body.query !== "string" || body.query.trim() === "") {
    stats.invalid += 1;
    return sendJson(response, 400, { errors: { query: "Required parameter missing or invalid" } });
  }
  const variables = body.variables ?? null;
  if (variables !== null && (typeof variables !== "object" || Array.isArray(variables))) {
    stats.invalid += 1;
    return sendJson(response, 400, { errors: { variables: "must be an object" } });
  }

  const ctx: RequestContext = {
    shop: caller.shop,
    scopes: caller.scopes,
    catalog: endpoint.catalog,
    uploads: endpoint.uploads,
    bulk: endpoint.bulk,
    billing: endpoint.billing,
    stats,
    faults,
    random: endpoint.random,
    timing: endpoint.timing,
    baseUrl: endpoint.baseUrl(),
    now: Date.now(),
  };
  const result = await executeAdminGraphql(
    endpoint.settings,
    {
      query: body.query,
      variables: variables as Record<string, unknown> | null,
      operationName: typeof body.operationName === "string" ? body.operationName : null,
    },
    ctx,
  );
  stats.operations[result.operationName] = (stats.operations[result.operationName] ?? 0) + 1;
  const charged = (result.body.extensions?.cost as { actualQueryCost?: number | null } | undefined)?.actualQueryCost;
  if (typeof charged === "number")
    stats.pointsByOperation[result.operationName] = (stats.pointsByOperation[result.operationName] ?? 0) + charged;
  if (result.outcome === "invalid") stats.invalid += 1;
  if (result.outcome === "throttled") stats.throttled += 1;
  sendJson(response, 200, result.body);
}

/**
 * The token's shop and scopes: tokens issued by the token endpoint first; then the catalog's
 * pre-issued, non-expiring ones (an install with the app's own scopes), unless the shop revoked the app.
 */
function callerOf(endpoint: GraphqlEndpoint, token: string): { shop: ShopRecord; scopes: string } | undefined {
  const issued = endpoint.tokens.check(token);
  if (issued.status === "valid") {
    const shop = endpoint.catalog.shops.get(issued.shop);
    return shop && { shop, scopes: issued.scopes };
  }
  if (issued.status !== "unknown") return undefined;
  const preIssued = endpoint.catalog.shopByToken(token);
  return preIssued && !endpoint.tokens.isRevoked(preIssued.domain) ? { shop: preIssued, scopes: APP_SCOPES } : undefined;
}
