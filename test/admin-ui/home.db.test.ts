// /app (the layout and Home): signed in as the sandbox shop; recent batches
// with counts per state, this month's credits and what waits on the merchant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, get, loaderData, OTHER_SHOP, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
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
  it("runs as the sandbox's demo shop, and says it is the sandbox (no App Bridge around it)", async () => {
    const { SANDBOX_SHOP } = await import("~/auth/admin-context.server");
    expect(SANDBOX_SHOP).toBe(SHOP);
    expect(await loaderData(layout.loader, "/app")).toEqual({ apiKey: "", sandbox: true });
  });

  it("answers 503 while the sandbox shop has no session, and opens again once it has one", async () => {
    const session = await h.t.db.session.findFirstOrThrow({ where: { shop: SHOP } });
    await h.t.db.session.delete({ where: { id: session.id } });
    try {
      expect((await call(home.loader, get("/app"))).status).toBe(503);
    } finally {
      await h.t.db.session.create({ data: session });
    }
    expect((await call(home.loader, get("/app"))).status).toBe(200);
  });
});

describe("Home", () => {
  it("is empty for a shop that has not made a video yet", async () => {
    const data = await loaderData<Dashboard>(home.loader, "/app");
    expect(data).toEqual({ batches: [], credits: { spent: 0, budget: 500 }, waitingForReview: 0, failed: { total: 0, recent: [] } });
  });

  it("shows the shop's recent batches with counts per state, credits this month and what needs the merchant", async () => {
    const spring = (await makeBatch(h.t.db, SHOP, { title: "Spring" })).id;
    await addJobs(h.t.db, { shop: SHOP, batchId: spring, count: 5, status: "published" });
    await addJobs(h.t.db, { shop: SHOP, batchId: spring, count: 2, status: "failed", errorMessage: "The provider refused the image", titlePrefix: "Lamp" });
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
