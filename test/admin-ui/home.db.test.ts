// /app (the layout and Home): authenticate.admin's answers with and without a
// valid session token; Home's recent batches with counts per state, this
// month's credits and what waits on the merchant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../../dev/shopify-admin-emulator/session-tokens";
import { APP, call, get, loaderData, OTHER_SHOP, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let layout: typeof import("~/routes/app");
let home: typeof import("~/routes/app._index");

beforeAll(async () => {
  h = await startAdminRoutes();
  layout = await import("~/routes/app");
  home = await import("~/routes/app._index");
});
afterAll(async () => {
  await h.stop();
});

interface Dashboard {
  batches: { id: string; title: string; counts: Record<string, number> }[];
  credits: { spent: number; budget: number };
  waitingForReview: number;
  failed: { total: number; recent: { productTitle: string; errorMessage: string | null; batchId: string }[] };
}

describe("the embedded layout", () => {
  it("gives the pages the app's API key and Shopify's own App Bridge script", async () => {
    expect(await loaderData(layout.loader, "/app")).toEqual({
      apiKey: APP.apiKey,
      appBridgeUrl: "https://cdn.shopify.com/shopifycloud/app-bridge.js",
      emulatedAdmin: false,
    });
  });
});

describe("a request without a valid session token gets what Shopify's library answers, not a page", () => {
  const host = Buffer.from("admin.shopify.com/store/catalog-motion-demo").toString("base64");
  const adminQuery = new URLSearchParams({ embedded: "1", shop: SHOP, host }).toString();

  it("a document without id_token goes to the bounce page, which reloads it with one", async () => {
    const response = await call(home.loader, get(`/app?${adminQuery}`), {}, null);
    expect(response.status).toBe(302);
    const bounce = new URL(response.headers.get("location")!, "http://localhost:3000");
    expect(bounce.pathname).toBe("/auth/session-token");
    expect(bounce.searchParams.get("shopify-reload")).toBe(`http://localhost:3000/app?${adminQuery}`);
  });

  it("a document outside admin (no shop) goes to the login page", async () => {
    const response = await call(home.loader, get("/app"), {}, null);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/auth/login");
  });

  it("a data request with a token signed by another secret, or an expired one, gets 401 and the retry header", async () => {
    const forged = await signSessionToken({ shop: SHOP, apiKey: APP.apiKey, apiSecret: "not-the-app-secret" });
    const expired = await signSessionToken({ shop: SHOP, ...APP, ttlSeconds: -60 });
    for (const token of [forged, expired, "not-a-jwt"]) {
      const response = await call(
        layout.loader,
        new Request("http://localhost:3000/app?_data=routes%2Fapp", { headers: { authorization: `Bearer ${token}` } }),
      );
      expect(response.status).toBe(401);
      expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBe("1");
      expect(await response.text()).toBe("");
    }
  });

  it("a valid token opens the page as its shop, read from the session the library stored", async () => {
    const response = await call(home.loader, get("/app"));
    expect(response.status).toBe(200);
    expect(await h.t.db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } })).toMatchObject({ shop: SHOP, isOnline: false });
  });
});

describe("Home", () => {
  it("is empty for a shop that has not made a video yet", async () => {
    const data = await loaderData<Dashboard>(home.loader, "/app");
    expect(data).toEqual({
      batches: [],
      credits: { spent: 0, budget: 500 },
      waitingForReview: 0,
      pausedForBudget: 0,
      live: 0,
      failed: { total: 0, recent: [] },
      // The shop's zone, read from the Admin API (the emulator's shop is in New York) and kept in its settings.
      timeZone: "America/New_York",
    });
    expect((await h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } })).ianaTimezone).toBe("America/New_York");
  });

  it("shows the shop's recent batches with counts per state, credits this month and what needs the merchant", async () => {
    const spring = (await makeBatch(h.t.db, SHOP, { title: "Spring" })).id;
    await addJobs(h.t.db, { shop: SHOP, batchId: spring, count: 5, status: "published" });
    await addJobs(h.t.db, {
      shop: SHOP,
      batchId: spring,
      count: 2,
      status: "failed",
      errorMessage: "The provider refused the image",
      titlePrefix: "Lamp",
    });
    await addJobs(h.t.db, { shop: SHOP, batchId: spring, count: 3, status: "awaiting_review" });
    const theirs = (await makeBatch(h.t.db, OTHER_SHOP, { title: "Theirs" })).id;
    await addJobs(h.t.db, { shop: OTHER_SHOP, batchId: theirs, count: 4, status: "failed" });

    const data = await loaderData<Dashboard>(home.loader, "/app");
    expect(data.batches.map((b) => [b.title, b.counts])).toEqual([["Spring", { published: 5, failed: 2, awaiting_review: 3 }]]);
    expect(data.waitingForReview).toBe(3);
    expect(data.failed.total).toBe(2);
    expect(data.failed.recent.map((f) => [f.productTitle.startsWith("Lamp"), f.errorMessage, f.batchId])).toEqual([
      [true, "The provider refused the image", spring],
      [true, "The provider refused the image", spring],
    ]);
    // Started renders count against the month at their estimate (3 credits each) until the provider reports the real cost.
    expect(data.credits).toEqual({ spent: 24, budget: 500 });
  });

  it("leaves out a request that made no video (every product was already covered)", async () => {
    await makeBatch(h.t.db, SHOP, { title: "Nothing new" });
    const summer = (await makeBatch(h.t.db, SHOP, { title: "Summer" })).id;
    await addJobs(h.t.db, { shop: SHOP, batchId: summer, count: 1, status: "queued" });

    const data = await loaderData<Dashboard>(home.loader, "/app");
    expect(data.batches.map((b) => b.title)).toEqual(["Summer", "Spring"]);
  });
});
