// Shopify Billing in the emulator, driven by the Shopify library's own billing
// (request, check, updateUsageCappedAmount, cancel) and by the app's usage
// record document: a subscription waits for the merchant's approval on the
// emulated admin's page, usage records are idempotent by key and refused past
// the cap with Shopify's message, and the two webhooks arrive signed.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { BillingInterval, LogSeverity, Session, shopifyApi } from "@shopify/shopify-api";
import "@shopify/shopify-api/adapters/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RECORD_CLIP_CHARGE } from "../../app/billing/operations";
import { LIBRARY_API_VERSION } from "../../app/shopify-admin/library-api-version.server";
import { sendShopifyLibraryTo } from "../../app/shopify-admin/shopify-origin.server";
import { AppBilling } from "./billing";
import { Catalog, type ShopRecord } from "./catalog";
import type { RequestContext } from "./context";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { rawClient } from "./test-support";

const shop = "billing-emulator.myshopify.com";
const token = "shpat_billing_emulator";
const app = { apiKey: "billing-app-key", apiSecret: "billing-app-secret" };
const PLAN = "Pay per clip";

let emulator: AdminEmulator;
let webhooks: http.Server;
const deliveries: { topic: string; hmacValid: boolean; body: Record<string, unknown> }[] = [];
let api: ReturnType<typeof shopifyBilling>;

function shopifyBilling() {
  return shopifyApi({
    apiKey: app.apiKey,
    apiSecretKey: app.apiSecret,
    apiVersion: LIBRARY_API_VERSION,
    scopes: ["write_products"],
    hostName: "app.example.com",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
    billing: {
      [PLAN]: {
        lineItems: [{ interval: BillingInterval.Usage, amount: 5, currencyCode: "USD", terms: "$0.60 per clip" }],
      },
    },
  });
}

const session = new Session({ id: `offline_${shop}`, shop, state: "", isOnline: false, accessToken: token });

beforeAll(async () => {
  webhooks = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (c: Buffer) => chunks.push(c));
    request.on("end", () => {
      void (async () => {
        const rawBody = Buffer.concat(chunks).toString("utf8");
        const check = await api.webhooks.validate({ rawBody, rawRequest: request, rawResponse: response });
        deliveries.push({ topic: String(request.headers["x-shopify-topic"]), hmacValid: check.valid, body: JSON.parse(rawBody) });
        response.writeHead(200).end();
      })();
    });
  });
  await new Promise<void>((r) => webhooks.listen(0, "127.0.0.1", r));
  const catalog = new Catalog();
  catalog.addShop({ domain: shop, accessToken: token });
  emulator = await startAdminEmulator({
    catalog,
    seed: 3,
    app,
    adminFrame: { appUrl: `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}` },
  });
  sendShopifyLibraryTo(emulator.url);
  api = shopifyBilling();
});

afterAll(async () => {
  await emulator.stop();
  await new Promise((r) => webhooks.close(r));
});

async function approve(confirmationUrl: string, decision: "approve" | "decline" = "approve"): Promise<string> {
  const page = await fetch(confirmationUrl);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(PLAN);
  const answer = await fetch(confirmationUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `decision=${decision}`,
    redirect: "manual",
  });
  expect(answer.status).toBe(303);
  return answer.headers.get("location") ?? "";
}

const waitForDelivery = async (topic: string, count = 1) => {
  for (let i = 0; i < 100 && deliveries.filter((d) => d.topic === topic).length < count; i += 1)
    await new Promise((r) => setTimeout(r, 50));
  return deliveries.filter((d) => d.topic === topic);
};

describe("Shopify Billing in the emulator, through the Shopify library", () => {
  let lineItemId = "";

  it("creates a pending subscription whose confirmation page the merchant approves, then check finds it active", async () => {
    expect(await api.billing.check({ session, plans: [PLAN], isTest: true })).toBe(false);
    const created = await api.billing.request({
      session,
      plan: PLAN,
      isTest: true,
      returnUrl: "https://admin.example/app/billing",
      returnObject: true,
    });
    expect(created.appSubscription?.status).toBe("PENDING");
    // Pending is not active: the app must not charge it yet.
    expect(await api.billing.check({ session, plans: [PLAN], isTest: true })).toBe(false);

    const back = await approve(created.confirmationUrl);
    expect(back).toMatch(/^https:\/\/admin\.example\/app\/billing\?charge_id=\d+$/);
    const check = await api.billing.check({ session, plans: [PLAN], isTest: true, returnObject: true });
    expect(check.hasActivePayment).toBe(true);
    const [subscription] = check.appSubscriptions;
    expect(subscription.status).toBe("ACTIVE");
    expect(subscription.test).toBe(true);
    const line = subscription.lineItems[0];
    expect(line.plan.pricingDetails).toMatchObject({ cappedAmount: { amount: 5, currencyCode: "USD" }, balanceUsed: { amount: 0 } });
    lineItemId = line.id;
    // A test charge is not what a production check (isTest: false) accepts.
    expect(await api.billing.check({ session, plans: [PLAN], isTest: false })).toBe(false);

    const [update] = await waitForDelivery("app_subscriptions/update");
    expect(update.hmacValid).toBe(true);
    expect(update.body).toMatchObject({
      app_subscription: { admin_graphql_api_id: subscription.id, status: "ACTIVE", capped_amount: "5.00", currency: "USD" },
    });
  });

  it("records usage once per idempotency key, and refuses past the cap with Shopify's message", async () => {
    const admin = rawClient(emulator, { ...emulator.catalog.shops.get(shop)! });
    type Answer = { appUsageRecordCreate: { appUsageRecord: { id: string } | null; userErrors: { message: string }[] } };
    const charge = (key: string, amount = 1.15) =>
      admin<Answer>(RECORD_CLIP_CHARGE, {
        subscriptionLineItemId: lineItemId,
        price: { amount, currencyCode: "USD" },
        description: "10-second product video: Mug",
        idempotencyKey: key,
      });
    const first = await charge("job-1");
    const again = await charge("job-1");
    expect(first.body.data?.appUsageRecordCreate.userErrors).toEqual([]);
    expect(again.body.data?.appUsageRecordCreate.appUsageRecord?.id).toBe(first.body.data?.appUsageRecordCreate.appUsageRecord?.id);
    expect(emulator.billing.usageRecordsOf(shop)).toHaveLength(1);

    for (const key of ["job-2", "job-3", "job-4"]) expect((await charge(key)).body.data?.appUsageRecordCreate.userErrors).toEqual([]);
    // 4 x $1.15 = $4.60 of $5.00: past 90%, so Shopify says so once.
    const [approaching] = await waitForDelivery("app_subscriptions/approaching_capped_amount");
    expect(approaching.hmacValid).toBe(true);
    expect(approaching.body).toMatchObject({ app_subscription: { balance_used: 4.6, capped_amount: "5.00", currency_code: "USD" } });

    const refused = await charge("job-5");
    expect(refused.body.data?.appUsageRecordCreate).toEqual({
      appUsageRecord: null,
      userErrors: [{ field: null, message: "Total price exceeds balance remaining" }],
    });
    expect(emulator.billing.usageRecordsOf(shop)).toHaveLength(4);
  });

  it("raises the cap only once the merchant approves it, through the library's updateUsageCappedAmount", async () => {
    const proposed = await api.billing.updateUsageCappedAmount({
      session,
      subscriptionLineItemId: lineItemId,
      cappedAmount: { amount: 20, currencyCode: "USD" },
    });
    const before = await api.billing.check({ session, plans: [PLAN], isTest: true, returnObject: true });
    expect(before.appSubscriptions[0].lineItems[0].plan.pricingDetails).toMatchObject({ cappedAmount: { amount: 5 } });
    await approve(proposed.confirmationUrl);
    const after = await api.billing.check({ session, plans: [PLAN], isTest: true, returnObject: true });
    expect(after.appSubscriptions[0].lineItems[0].plan.pricingDetails).toMatchObject({
      cappedAmount: { amount: 20 },
      balanceUsed: { amount: 4.6 },
    });
    const updates = await waitForDelivery("app_subscriptions/update", 2);
    expect(updates[1].body).toMatchObject({ app_subscription: { status: "ACTIVE", capped_amount: "20.00" } });
  });

  it("cancels through the library, and a cancelled subscription takes no usage", async () => {
    const check = await api.billing.check({ session, plans: [PLAN], isTest: true, returnObject: true });
    await api.billing.cancel({ session, subscriptionId: check.appSubscriptions[0].id, isTest: true, prorate: false });
    expect(await api.billing.check({ session, plans: [PLAN], isTest: true })).toBe(false);
    const admin = rawClient(emulator, emulator.catalog.shops.get(shop)!);
    const refused = await admin<{ appUsageRecordCreate: { userErrors: { message: string }[] } }>(RECORD_CLIP_CHARGE, {
      subscriptionLineItemId: lineItemId,
      price: { amount: 0.6, currencyCode: "USD" },
      description: "5-second product video: Mug",
      idempotencyKey: "job-after-cancel",
    });
    expect(refused.body.data?.appUsageRecordCreate.userErrors[0].message).toBe("Subscription is not active");
    const updates = await waitForDelivery("app_subscriptions/update", 3);
    expect(updates[2].body).toMatchObject({ app_subscription: { status: "CANCELLED" } });
  });

  it("a declined subscription never becomes active", async () => {
    const created = await api.billing.request({
      session,
      plan: PLAN,
      isTest: true,
      returnUrl: "https://admin.example/app/billing",
      returnObject: true,
    });
    const back = await approve(created.confirmationUrl, "decline");
    expect(await api.billing.check({ session, plans: [PLAN], isTest: true })).toBe(false);
    // Shopify, not the app, takes a merchant who declined to the admin's Apps page, with a notice.
    expect(new URL(back).pathname).toBe("/store/billing-emulator/settings/apps");
    const appsPage = await fetch(back);
    expect(appsPage.status).toBe(200);
    expect(await appsPage.text()).toContain(`You declined the charge for ${PLAN}.`);
    // The page is gone once answered.
    expect((await fetch(created.confirmationUrl)).status).toBe(404);
  });

  it("an idempotency key is the shop's: sent again on a later subscription it answers the earlier record", async () => {
    const created = await api.billing.request({
      session,
      plan: PLAN,
      isTest: true,
      returnUrl: "https://admin.example/app/billing",
      returnObject: true,
    });
    await approve(created.confirmationUrl);
    const check = await api.billing.check({ session, plans: [PLAN], isTest: true, returnObject: true });
    const admin = rawClient(emulator, emulator.catalog.shops.get(shop)!);
    const before = emulator.billing.usageRecordsOf(shop);
    const sent = await admin<{ appUsageRecordCreate: { appUsageRecord: { id: string } | null; userErrors: unknown[] } }>(
      RECORD_CLIP_CHARGE,
      {
        subscriptionLineItemId: check.appSubscriptions[0].lineItems[0].id,
        price: { amount: 1.15, currencyCode: "USD" },
        description: "10-second product video: Mug",
        idempotencyKey: "job-1",
      },
    );
    const first = before.find((r) => r.idempotencyKey === "job-1")!;
    expect(sent.body.data?.appUsageRecordCreate).toEqual({
      appUsageRecord: expect.objectContaining({ id: `gid://shopify/AppUsageRecord/${first.id}` }),
      userErrors: [],
    });
    expect(emulator.billing.usageRecordsOf(shop)).toHaveLength(before.length);
  });
});

describe("a subscription the merchant leaves unanswered", () => {
  it("expires after two days: EXPIRED, and its approval page is gone", async () => {
    let now = Date.parse("2026-12-02T08:00:00Z");
    const billing = new AppBilling({ now: () => now });
    const record = { domain: shop, id: 1 } as ShopRecord;
    const ctx = { shop: record, baseUrl: "http://127.0.0.1:1" } as unknown as RequestContext;
    const created = billing.mutations(ctx).appSubscriptionCreate({
      name: PLAN,
      returnUrl: "https://admin.example/app/billing",
      test: true,
      lineItems: [{ plan: { appUsagePricingDetails: { cappedAmount: { amount: 5, currencyCode: "USD" }, terms: "$0.60 per clip" } } }],
    });
    const id = Number(created.appSubscription!.id.split("/").pop());
    now += 47 * 3_600_000;
    expect(billing.pending(id, shop)).not.toBeNull();
    now += 2 * 3_600_000;
    expect(billing.pending(id, shop)).toBeNull();
    expect(billing.subscriptionsOf(shop)[0].status).toBe("EXPIRED");
    // Approving after that changes nothing.
    expect((await billing.answer(id, record, true)).status).toBe("EXPIRED");
  });
});
