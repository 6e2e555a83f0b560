// The two billing webhooks through their routes, signed as Shopify signs
// them: a bad signature changes nothing, a repeated delivery runs once, a
// frozen or cancelled subscription pauses sending (nothing fails) and an
// active one with room resumes it, and 90% of the cap shows on the billing page.
import type { ActionFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBillingPage } from "~/billing/billing-page.server";
import { makeBatch, makeJob } from "../support/factories";
import { startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { responseOf, useShopifyTestApp, webhookRequest } from "../support/shopify-requests";

type Action = (args: ActionFunctionArgs) => Promise<Response>;

const SHOP = "billing-webhooks.myshopify.com";
const SUBSCRIPTION = "gid://shopify/AppSubscription/28000001";
let h: PipelineHarness;
let update: Action;
let approaching: Action;

const deliver = (route: Action, request: Request) => responseOf(() => route({ request, params: {}, context: {} }));
const updateRequest = (status: string, cappedAmount = "50.00", webhookId?: string) =>
  webhookRequest(
    "app_subscriptions/update",
    SHOP,
    {
      app_subscription: {
        admin_graphql_api_id: SUBSCRIPTION,
        name: "Catalog Motion pay per clip",
        status,
        admin_graphql_api_shop_id: "gid://shopify/Shop/1",
        created_at: "2026-12-01T10:00:00Z",
        updated_at: "2026-12-02T10:00:00Z",
        currency: "USD",
        capped_amount: cappedAmount,
      },
    },
    { webhookId },
  );

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 1, shops: [{ shop: SHOP, concurrencyCap: 1 }] });
  useShopifyTestApp(h.t.db, h.ctx);
  update = (await import("~/routes/webhooks.app_subscriptions.update")).action;
  approaching = (await import("~/routes/webhooks.app_subscriptions.approaching_capped_amount")).action;
});
afterAll(async () => {
  await h?.stop();
});

describe("app_subscriptions webhooks", () => {
  it("refuses a delivery whose signature is not the app's, and changes nothing", async () => {
    const response = await deliver(
      update,
      webhookRequest("app_subscriptions/update", SHOP, { app_subscription: {} }, { secret: "not-the-secret" }),
    );
    expect(response.status).toBe(401);
    expect(await h.t.db.shopBilling.findUnique({ where: { shop: SHOP } })).toBeNull();
  });

  it("records an approved subscription once, however often Shopify delivers it", async () => {
    expect((await deliver(update, updateRequest("ACTIVE", "50.00", "delivery-1"))).status).toBe(200);
    expect(await h.t.db.shopBilling.findUnique({ where: { shop: SHOP } })).toMatchObject({
      subscriptionId: SUBSCRIPTION,
      status: "ACTIVE",
      cappedAmountCents: 5000,
    });
    await h.t.db.shopBilling.update({ where: { shop: SHOP }, data: { cappedAmountCents: 1234 } });
    expect((await deliver(update, updateRequest("ACTIVE", "50.00", "delivery-1"))).status).toBe(200);
    expect((await h.t.db.shopBilling.findUnique({ where: { shop: SHOP } }))?.cappedAmountCents).toBe(1234);
  });

  it("a frozen subscription pauses the shop's waiting videos, nothing failed; active again, they are queued", async () => {
    const batch = await makeBatch(h.t.db, SHOP);
    const jobs = await Promise.all([1, 2, 3].map(() => makeJob(h.t.db, { shop: SHOP, batchId: batch.id, status: "queued" })));
    expect((await deliver(update, updateRequest("FROZEN"))).status).toBe(200);
    expect((await h.t.db.shopSettings.findUnique({ where: { shop: SHOP } }))?.sendingPausedReason).toBe("subscription_inactive");
    const paused = await h.t.db.videoJob.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    expect(paused.map((j) => j.status)).toEqual(["paused", "paused", "paused"]);
    expect((await loadBillingPage(h.t.db, SHOP)).billingPause).toBe("subscription_inactive");

    expect((await deliver(update, updateRequest("ACTIVE", "100.00"))).status).toBe(200);
    expect((await h.t.db.shopSettings.findUnique({ where: { shop: SHOP } }))?.sendingPausedReason).toBeNull();
    const queued = await h.t.db.videoJob.findMany({ where: { id: { in: jobs.map((j) => j.id) } } });
    expect(queued.every((j) => j.status === "queued" || j.status === "submitting")).toBe(true);
    expect(await h.t.db.videoJob.count({ where: { shop: SHOP, status: "failed" } })).toBe(0);
  });

  it("90% of the cap is recorded for the billing page's banner; a payload not in Shopify's shape changes nothing", async () => {
    const before = await h.t.db.shopBilling.findUniqueOrThrow({ where: { shop: SHOP } });
    expect((await deliver(approaching, webhookRequest("app_subscriptions/approaching_capped_amount", SHOP, { nope: true }))).status).toBe(
      200,
    );
    expect(await h.t.db.shopBilling.findUniqueOrThrow({ where: { shop: SHOP } })).toEqual(before);

    const response = await deliver(
      approaching,
      webhookRequest("app_subscriptions/approaching_capped_amount", SHOP, {
        app_subscription: {
          admin_graphql_api_id: SUBSCRIPTION,
          name: "Catalog Motion pay per clip",
          balance_used: 91.2,
          capped_amount: "100.00",
          currency_code: "USD",
          admin_graphql_api_shop_id: "gid://shopify/Shop/1",
          created_at: "2026-12-01T10:00:00Z",
          updated_at: "2026-12-02T10:00:00Z",
        },
      }),
    );
    expect(response.status).toBe(200);
    const page = await loadBillingPage(h.t.db, SHOP);
    expect(page.approachingCap).toBe(true);
    expect(page.balanceUsedCents).toBe(9120);
    expect(page.capRemainingCents).toBe(880);
  });
});
