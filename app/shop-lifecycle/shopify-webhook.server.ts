// Every Shopify webhook route goes through here, in this order:
//   1. the body is limited before anything reads it (no HMAC work, no JSON
//      parse, nothing buffered past the limit);
//   2. authenticate.webhook checks the HMAC as the library does;
//   3. the delivery's topic must be the route's own;
//   4. X-Shopify-Webhook-Id is recorded in the same transaction as what the
//      delivery asks for, so a repeat (Shopify delivers at least once) runs
//      nothing, and a delivery that failed half-way is not mistaken for one
//      that was handled;
//   5. after the commit, slow work goes to the workers, and Shopify gets its
//      answer well within its 5 s.
import type { Prisma } from "@prisma/client";
import { database, isUniqueViolation } from "~/db.server";
import { logger } from "~/logging/logger.server";
import { readBodyBytes, WEBHOOK_BODY_LIMIT } from "~/security/body-limits.server";
import { authenticate } from "~/shopify.server";

export interface ShopifyWebhookDelivery {
  shop: string;
  /** As the library reports it: `APP_UNINSTALLED` for the `app/uninstalled` header. */
  topic: string;
  webhookId: string;
  payload: unknown;
  /** The shop's offline session id, when one is stored. */
  sessionId?: string;
}

export interface ShopifyWebhookRoute<T> {
  /** The one topic this route is subscribed to, as the library names it (shopify.app.toml's `app/uninstalled` is `APP_UNINSTALLED`). */
  topic: string;
  /** What the delivery asks for, written in the transaction that records the delivery. */
  record(tx: Prisma.TransactionClient, delivery: ShopifyWebhookDelivery): Promise<T>;
  /** After the commit: hand the slow part to the workers. Must not throw. */
  afterwards?(recorded: T, delivery: ShopifyWebhookDelivery): Promise<void>;
}

export async function answerShopifyWebhook<T>(request: Request, route: ShopifyWebhookRoute<T>): Promise<Response> {
  const { shop, topic, webhookId, payload, session } = await authenticate.webhook(await withinBodyLimit(request));
  if (topic !== route.topic) {
    logger.warn({ shop, topic, expected: route.topic, webhookId }, "Shopify webhook for another topic refused");
    return new Response(`This address receives ${route.topic} only`, { status: 400 });
  }

  const delivery: ShopifyWebhookDelivery = { shop, topic, webhookId, payload, sessionId: session?.id };
  let recorded: T;
  try {
    recorded = await database().$transaction(async (tx) => {
      await tx.shopifyWebhook.create({ data: { webhookId, topic, shop } });
      return route.record(tx, delivery);
    });
  } catch (error) {
    // Only a clash on the delivery's own id means "already handled"; any
    // other failure answers 500 so that Shopify delivers it again.
    if (!isUniqueViolation(error) || !(await database().shopifyWebhook.findUnique({ where: { webhookId } }))) throw error;
    logger.info({ shop, topic, webhookId }, "repeated Shopify webhook delivery: already handled");
    return new Response();
  }
  await route.afterwards?.(recorded, delivery);
  return new Response();
}

/**
 * The request with its body read into memory, or a thrown 413 as soon as the
 * body is known to be over the limit: from Content-Length before reading, or
 * while reading, when a sender omits or understates it.
 */
async function withinBodyLimit(request: Request): Promise<Request> {
  // Anything but a POST has nothing to limit; the library answers it with 405.
  if (request.method !== "POST") return request;
  const body = await readBodyBytes(request, WEBHOOK_BODY_LIMIT);
  return new Request(request.url, { method: request.method, headers: request.headers, body: Buffer.from(body) });
}
