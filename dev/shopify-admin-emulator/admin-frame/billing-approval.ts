// The emulated admin's charge approval page: where a confirmationUrl from
// appSubscriptionCreate or appSubscriptionLineItemUpdate leads. It shows the
// plan as Shopify does (name, price or capped amount and terms, "test"), and
// Approve / Decline post back here. Approved, the merchant goes to the app's
// returnUrl with charge_id; declined, Shopify itself takes the merchant to
// the admin's Apps page with a notice (shopify.dev changelog, "Declined app
// charge redirects will be handled by Shopify"), never to the app.
import type http from "node:http";
import { readBody, sendJson } from "../../shared/http-io";
import type { AppBilling } from "../billing";
import { BILLING_APPROVAL_PATH } from "../billing";
import type { Catalog } from "../catalog";

const PAGE = /^\/admin\/charges\/([a-z0-9][a-z0-9-]*)\/(\d+)\/confirm$/;
/** The admin's Apps page, where a declined charge leads. */
const APPS_PAGE = /^\/store\/([a-z0-9][a-z0-9-]*)\/settings\/apps$/;

const escape = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function isBillingApprovalPath(pathname: string): boolean {
  return (pathname.startsWith(BILLING_APPROVAL_PATH) && PAGE.test(pathname)) || APPS_PAGE.test(pathname);
}

export async function handleBillingApproval(
  context: { billing: AppBilling; catalog: Catalog },
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
): Promise<void> {
  if (APPS_PAGE.test(url.pathname)) return appsPage(context, response, url);
  const [, store, id] = PAGE.exec(url.pathname) ?? [];
  const shop = context.catalog.shops.get(`${store}.myshopify.com`);
  const waiting = shop ? context.billing.pending(Number(id), shop.domain) : null;
  if (!shop || !waiting) {
    response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Charge not found</title><p>This charge is not waiting for approval.</p>");
    return;
  }
  if (request.method === "POST") {
    const decision = new URLSearchParams(await readBody(request)).get("decision");
    if (decision !== "approve" && decision !== "decline") return sendJson(response, 400, { errors: "decision must be approve or decline" });
    const subscription = await context.billing.answer(waiting.subscription.id, shop, decision === "approve");
    const back =
      decision === "approve"
        ? new URL(subscription.returnUrl)
        : new URL(`/store/${store}/settings/apps?declined_charge=${subscription.id}`, url.origin);
    if (decision === "approve") back.searchParams.set("charge_id", String(subscription.id));
    response.writeHead(303, { location: back.toString() });
    response.end();
    return;
  }
  if (request.method !== "GET") return sendJson(response, 405, { errors: "Use GET or POST" }, { allow: "GET, POST" });

  const { subscription, capChange } = waiting;
  const lines = subscription.lines
    .map((line) =>
      line.kind === "usage"
        ? `<li>Usage charges up to <strong>${money(capChange ?? line.cappedAmount.cents, line.cappedAmount.currencyCode)}</strong> every 30 days` +
          (capChange !== null ? ` (now ${money(line.cappedAmount.cents, line.cappedAmount.currencyCode)})` : "") +
          `<br><span class="terms">${escape(line.terms)}</span></li>`
        : `<li>${money(line.price.cents, line.price.currencyCode)} ${line.interval === "ANNUAL" ? "every year" : "every 30 days"}</li>`,
    )
    .join("");
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Approve charge · ${escape(shop.name)}</title>
<style>body{font:14px/1.4 -apple-system,sans-serif;background:#f1f1f1;margin:0;padding:48px}main{max-width:560px;margin:auto;background:#fff;border-radius:12px;padding:24px}
.terms{color:#616161}.test{background:#ffd6a4;border-radius:8px;padding:2px 8px}button{font:inherit;border-radius:8px;padding:6px 16px;border:1px solid #c9c9c9;background:#fff;cursor:pointer}button.primary{background:#303030;color:#fff}</style>
</head><body><main>
<h1>${capChange !== null ? "Approve a new spending limit" : "Approve subscription"}</h1>
<p><strong>${escape(subscription.name)}</strong>${subscription.test ? ' <span class="test">Test charge: the store will not be billed</span>' : ""}</p>
<ul>${lines}</ul>
<form method="post">
<button type="submit" name="decision" value="decline">Decline</button>
<button type="submit" name="decision" value="approve" class="primary">${capChange !== null ? "Approve limit" : "Approve"}</button>
</form>
</main></body></html>`);
}

/** The admin's Apps page, as much of it as a declined charge shows: the notice that it was declined. */
function appsPage(context: { billing: AppBilling; catalog: Catalog }, response: http.ServerResponse, url: URL): void {
  const [, store] = APPS_PAGE.exec(url.pathname) ?? [];
  const shop = context.catalog.shops.get(`${store}.myshopify.com`);
  if (!shop) {
    response.writeHead(404, { "content-type": "text/html; charset=utf-8" });
    response.end("<!doctype html><title>Not found</title><p>There's no page at this address.</p>");
    return;
  }
  const declined = context.billing.subscriptions.get(Number(url.searchParams.get("declined_charge")));
  const notice =
    declined && declined.shop === shop.domain
      ? `<p class="notice" role="status">You declined the charge for ${escape(declined.name)}.</p>`
      : "";
  response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  response.end(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>Apps and sales channels · ${escape(shop.name)}</title>
<style>body{font:14px/1.4 -apple-system,sans-serif;background:#f1f1f1;margin:0;padding:48px}main{max-width:560px;margin:auto;background:#fff;border-radius:12px;padding:24px}.notice{background:#303030;color:#fff;border-radius:8px;padding:8px 12px}</style>
</head><body><main><h1>Apps and sales channels</h1>${notice}</main></body></html>`);
}

function money(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}
