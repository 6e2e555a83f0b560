// The HTTP frame of every extension endpoint: Shopify session-token auth,
// CORS (extensions run on Shopify's origin, not ours), the allowed methods,
// and the typed JSON answer { ok: true, ... } | { ok: false, error }.
import { adminContext, type AdminContext } from "~/auth/admin-context.server";
import type { ApiFailure } from "./api-types";
import { FORM_BODY_LIMIT, readBodyBytes } from "~/security/body-limits.server";
import { invalidInput, toApiError, tooLarge } from "./errors.server";

type Method = "GET" | "POST";

export async function answerExtension<T extends object>(
  request: Request,
  methods: readonly Method[],
  handle: (admin: AdminContext) => Promise<T>,
): Promise<Response> {
  let admin: AdminContext;
  try {
    // Answers preflights (OPTIONS, 204 with CORS headers) and bad or expired
    // session tokens (401) by throwing a Response.
    admin = await adminContext(request);
  } catch (thrown) {
    if (thrown instanceof Response) return refusedByAuth(request, thrown);
    throw thrown;
  }
  if (!(methods as readonly string[]).includes(request.method)) {
    const body: ApiFailure = { ok: false, error: { code: "method_not_allowed", message: `Use ${methods.join(" or ")}.` } };
    return admin.cors(Response.json(body, { status: 405, headers: { Allow: [...methods, "OPTIONS"].join(", ") } }));
  }
  try {
    const data = await handle(admin);
    return admin.cors(Response.json({ ok: true, ...data }));
  } catch (error) {
    const { status, error: apiError } = toApiError(error);
    const body: ApiFailure = { ok: false, error: apiError };
    return admin.cors(Response.json(body, { status }));
  }
}

/**
 * What the library answered instead of a session, as the extension can read
 * it: a preflight passes as is; everything else (no token, which the library
 * meets with a redirect meant for pages; a refused token; a token for a shop
 * whose access could not be had) is a 401 in the typed JSON, with CORS so the
 * extension sees it at all. The library's own headers (its retry hint) stay.
 */
function refusedByAuth(request: Request, answer: Response): Response {
  if (request.method === "OPTIONS" && answer.status < 300) return withCors(request, answer);
  const headers = new Headers([...answer.headers].filter(([name]) => name.toLowerCase().startsWith("x-shopify-")));
  const body: ApiFailure = {
    ok: false,
    error: {
      code: "session_expired",
      message: "Your session with Catalog Motion expired. Close this window and open it again from Shopify admin.",
    },
  };
  return withCors(request, Response.json(body, { status: 401, headers }));
}

/** Extensions call from Shopify's origin, never ours: the same headers the library adds to an authenticated answer. */
function withCors(request: Request, response: Response): Response {
  if (request.headers.get("origin") && !response.headers.has("Access-Control-Allow-Origin")) {
    response.headers.set("Access-Control-Allow-Origin", "*");
    response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    response.headers.set("Access-Control-Expose-Headers", "X-Shopify-API-Request-Failure-Reauthorize-Url");
  }
  return response;
}

/** The request's JSON body (within the form limit), or a 400 the merchant can understand. */
export async function jsonBody(request: Request): Promise<unknown> {
  const bytes = await readBodyBytes(request, FORM_BODY_LIMIT).catch((refusal: unknown) => {
    throw refusal instanceof Response && refusal.status === 413 ? tooLarge() : refusal;
  });
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw invalidInput("The request was not valid JSON. Reload the page and try again.");
  }
}
