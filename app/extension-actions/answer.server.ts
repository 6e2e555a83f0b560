// The HTTP frame of every extension endpoint: Shopify session-token auth,
// CORS (extensions run on Shopify's origin, not ours), the allowed methods,
// and the typed JSON answer { ok: true, ... } | { ok: false, error }.
import { adminContext, type AdminContext } from "~/auth/admin-context.server";
import type { ApiFailure } from "./api-types";
import { invalidInput, toApiError } from "./errors.server";

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
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  // Only the sandbox stand-in lets a preflight through to here.
  if (request.method === "OPTIONS") return admin.cors(new Response(null, { status: 204 }));
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

/** The request's JSON body, or a 400 the merchant can understand. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    throw invalidInput("The request was not valid JSON. Reload the page and try again.");
  }
}
