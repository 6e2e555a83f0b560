// The HTTP side of provider callbacks, shared by both providers' routes:
// size limit, raw body, and an answer that is never a 500.
import { env } from "~/config/env.server";
import { logger } from "~/logging/logger.server";
import { readBodyBytes } from "~/security/body-limits.server";
import type { ProviderName } from "~/providers/provider";
import { MAX_CALLBACK_BYTES, receiveProviderCallback } from "./callback-intake.server";
import type { PipelineContext } from "./context.server";

/**
 * Callbacks being handled at once in this process. Past the limit the route
 * sheds load with a 503 and Retry-After (providers retry), instead of queueing
 * requests until memory or the database gives out.
 */
let inProgress = 0;

export interface CallbackRequestContext {
  /** The token in the URL's path, for a provider whose callback URLs carry one. */
  urlToken?: string;
  /** The client address as the web process sees it (server.js: Express's req.ip). */
  sourceAddress?: string | null;
}

/**
 * The client address server.js puts in the load context: Express's req.ip,
 * which is the socket's peer unless TRUST_PROXY says which proxy hops to
 * trust, and then the address the nearest untrusted hop appended to
 * X-Forwarded-For. Held callbacks are capped per this address.
 */
export function clientAddressOf(context: Record<string, unknown> | undefined): string | null {
  const address = context?.clientAddress;
  return typeof address === "string" && address !== "" ? address : null;
}

export async function handleProviderCallback(
  ctx: PipelineContext,
  provider: ProviderName,
  request: Request,
  from: CallbackRequestContext = {},
): Promise<Response> {
  if (inProgress >= env().MAX_CONCURRENT_CALLBACKS) {
    return Response.json({ received: false, error: "busy, retry shortly" }, { status: 503, headers: { "Retry-After": "1" } });
  }
  inProgress += 1;
  try {
    return await handle(ctx, provider, request, from);
  } finally {
    inProgress -= 1;
  }
}

async function handle(ctx: PipelineContext, provider: ProviderName, request: Request, from: CallbackRequestContext): Promise<Response> {
  if (request.method !== "POST") return Response.json({ error: "use POST" }, { status: 405, headers: { Allow: "POST" } });
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_CALLBACK_BYTES) return Response.json({ received: false, error: "callback too large" }, { status: 413 });
  let rawBody: string;
  try {
    rawBody = new TextDecoder().decode(await readBodyBytes(request, MAX_CALLBACK_BYTES));
  } catch {
    return Response.json({ received: false, error: "callback too large" }, { status: 413 });
  }
  try {
    const query = new URL(request.url).searchParams;
    const answer = await receiveProviderCallback(ctx, provider, {
      rawBody,
      headers: request.headers,
      urlToken: from.urlToken,
      urlJobReference: query.get("job"),
      urlAttempt: query.get("attempt"),
      sourceAddress: from.sourceAddress,
    });
    return Response.json(answer.body, { status: answer.status });
  } catch (error) {
    // The database is unreachable or busy: ask the provider to come back.
    logger.error({ provider, err: (error as Error).message }, "callback could not be recorded");
    return Response.json({ received: false, error: "temporarily unavailable" }, { status: 503, headers: { "Retry-After": "5" } });
  }
}
