// POST /admin/oauth/access_token, optionally behind the shop's domain
// (/<shop>.myshopify.com/admin/oauth/access_token), as Shopify's token
// endpoint answers it:
// - token exchange: a session token the app's secret signed becomes an
//   offline token (expiring with expiring=1: access + refresh token) or an
//   online token for the staff member in the session token;
// - refresh_token: a live refresh token becomes a new pair; presented again
//   before the app used that pair's refresh token, it gives the same pair
//   (see access-tokens.ts).
// The body is JSON (as @shopify/shopify-api sends it) or form-encoded (as
// Shopify's examples send it).
import type { IncomingMessage, ServerResponse } from "node:http";
import { APP_SCOPES } from "../../app/config/access-scopes";
import { parseJsonObject, readBody, sendJson } from "../shared/http-io";
import type { AccessTokens } from "./access-tokens";
import type { Random } from "../shared/random";
import type { Catalog } from "./catalog";
import type { AdminFaults } from "./faults";
import { verifySessionToken } from "./session-tokens";

const ROUTE = /^(?:\/([a-z0-9][a-z0-9-]*\.myshopify\.com))?\/admin\/oauth\/access_token$/;

const TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE = "urn:shopify:params:oauth:token-type:offline-access-token";
const ONLINE = "urn:shopify:params:oauth:token-type:online-access-token";

/** The app as its Partner Dashboard entry knows it. */
export interface EmulatedApp {
  apiKey: string;
  apiSecret: string;
  /** Granted on install (default: the app's own, APP_SCOPES). */
  scopes?: string;
}

export interface OauthEndpoint {
  app: EmulatedApp | undefined;
  catalog: Catalog;
  tokens: AccessTokens;
  faults: () => AdminFaults;
  random: Random;
}

export function isOauthPath(pathname: string): boolean {
  return ROUTE.test(pathname);
}

export async function handleOauth(
  endpoint: OauthEndpoint,
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
): Promise<void> {
  const [, pinnedShop] = ROUTE.exec(pathname) as RegExpExecArray;
  if (request.method !== "POST") return sendJson(response, 405, { errors: "The token endpoint takes POST requests" }, { allow: "POST" });
  let text: string;
  try {
    text = await readBody(request);
  } catch {
    return sendJson(response, 413, { errors: "Request body too large" });
  }
  const params = bodyParams(text, request.headers["content-type"]);
  if (!params) return oauthError(response, 400, "invalid_request", "The body must be JSON or form-encoded");

  const { app } = endpoint;
  if (!app || params.client_id !== app.apiKey || params.client_secret !== app.apiSecret) {
    return oauthError(response, 401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
  }
  const scope = app.scopes ?? APP_SCOPES;

  if (params.grant_type === TOKEN_EXCHANGE) {
    if (params.subject_token_type !== ID_TOKEN)
      return oauthError(response, 400, "invalid_request", `subject_token_type must be ${ID_TOKEN}`);
    const verified = params.subject_token ? await verifySessionToken(params.subject_token, app) : null;
    if (!verified || (pinnedShop !== undefined && verified.shop !== pinnedShop) || !endpoint.catalog.shops.has(verified.shop)) {
      return oauthError(response, 400, "invalid_subject_token", "The session token is invalid, expired, or for another shop or app");
    }
    if (params.requested_token_type === OFFLINE) {
      const issued = endpoint.tokens.issueOffline(verified.shop, scope, params.expiring === "1");
      return sendJson(response, 200, {
        access_token: issued.accessToken,
        scope,
        ...(issued.expiresInSeconds !== null ? { expires_in: issued.expiresInSeconds } : {}),
        ...(issued.refresh ? { refresh_token: issued.refresh.token, refresh_token_expires_in: issued.refresh.expiresInSeconds } : {}),
      });
    }
    if (params.requested_token_type === ONLINE) {
      const issued = endpoint.tokens.issueOnline(verified.shop, scope);
      return sendJson(response, 200, {
        access_token: issued.accessToken,
        scope,
        expires_in: issued.expiresInSeconds,
        associated_user_scope: scope,
        associated_user: staffMember(verified.userId, verified.shop),
      });
    }
    return oauthError(response, 400, "invalid_request", `requested_token_type must be ${OFFLINE} or ${ONLINE}`);
  }

  if (params.grant_type === "refresh_token") {
    const issued = params.refresh_token ? endpoint.tokens.refresh(params.refresh_token, pinnedShop) : null;
    if (!issued?.refresh) return oauthError(response, 400, "invalid_grant", "The refresh token is invalid, expired, retired or revoked");
    // Drawn only when switched on, so a seed gives the same GraphQL fault decisions with or without refreshes.
    const lostRate = endpoint.faults().lostRefreshRate;
    if (lostRate > 0 && endpoint.random.chance(lostRate)) {
      response.destroy();
      return;
    }
    return sendJson(response, 200, {
      access_token: issued.accessToken,
      scope: issued.scopes,
      expires_in: issued.expiresInSeconds,
      refresh_token: issued.refresh.token,
      refresh_token_expires_in: issued.refresh.expiresInSeconds,
    });
  }

  return oauthError(response, 400, "unsupported_grant_type", `grant_type must be ${TOKEN_EXCHANGE} or refresh_token`);
}

function bodyParams(text: string, contentType: string | undefined): Record<string, string> | null {
  const fields: Record<string, unknown> | null = contentType?.includes("application/x-www-form-urlencoded")
    ? Object.fromEntries(new URLSearchParams(text))
    : parseJsonObject(text);
  if (!fields) return null;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") params[name] = value;
    else if (typeof value === "number" || typeof value === "boolean") params[name] = String(Number(value));
  }
  return params;
}

function oauthError(response: ServerResponse, status: number, error: string, description: string): void {
  sendJson(response, status, { error, error_description: description });
}

function staffMember(userId: string, shop: string) {
  const numericId = Number(userId);
  return {
    id: Number.isSafeInteger(numericId) ? numericId : userId,
    first_name: "Sandbox",
    last_name: "Staff",
    email: `staff-${userId}@${shop}`,
    account_owner: true,
    locale: "en",
    collaborator: false,
    email_verified: true,
  };
}
