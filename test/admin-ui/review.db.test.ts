// /app/review: clips waiting for the merchant, grouped by product, filtered by
// batch and status, in pages of 24; Approve and Reject one at a time or many.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishEntryId } from "~/queues/queues.server";
import { call, loaderData, OTHER_SHOP, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.review");
let waiting: string[];
let secondBatch: { id: string; jobs: string[] };
let theirs: string;

beforeAll(async () => {
  h = await startAdminRoutes();
  await h.t.db.shopSettings.create({ data: { shop: SHOP, autoPublish: false } });
  const batchId = (await makeBatch(h.t.db, SHOP)).id;
  waiting = await addJobs(h.t.db, {
    shop: SHOP,
    batchId,
    count: 30,
    status: "awaiting_review",
    outputUrl: "https://cdn.example.com/clip.mp4",
  });
  await addJobs(h.t.db, { shop: SHOP, batchId, count: 3, status: "rendering" });
  // The same first two products again, from a later batch, and one of them already live from an earlier one.
  const later = (await makeBatch(h.t.db, SHOP, { title: "Later batch" })).id;
  secondBatch = {
    id: later,
    jobs: await addJobs(h.t.db, {
      shop: SHOP,
      batchId: later,
      count: 2,
      status: "awaiting_review",
      outputUrl: "https://cdn.example.com/b.mp4",
    }),
  };
  const earlier = (await makeBatch(h.t.db, SHOP, { title: "Earlier batch" })).id;
  await addJobs(h.t.db, { shop: SHOP, batchId: earlier, count: 1, status: "published", outputUrl: "https://cdn.example.com/c.mp4" });
  const theirBatch = (await makeBatch(h.t.db, OTHER_SHOP)).id;
  [theirs] = await addJobs(h.t.db, {
    shop: OTHER_SHOP,
    batchId: theirBatch,
    count: 1,
    status: "awaiting_review",
    outputUrl: "https://cdn.example.com/theirs.mp4",
  });
  route = await import("~/routes/app.review");
});
afterAll(async () => {
  await h.stop();
});

interface Queue {
  groups: {
    productId: string;
    productTitle: string;
    liveFromApp: number;
    waiting: number;
    clips: { id: string; outputUrl: string | null }[];
  }[];
  batches: { id: string; title: string }[];
  total: number;
  nextAfter: string | null;
  autoPublish: boolean;
}

const act = (fields: Record<string, string | string[]>) => call(route.action, postForm("/app/review", fields));
const idsOf = (q: Queue) => q.groups.flatMap((g) => g.clips.map((c) => c.id));

describe("the review page", () => {
  it("lists only this shop's waiting clips, 24 a page, grouped by product, each with its video", async () => {
    const first = await loaderData<Queue>(route.loader, "/app/review");
    expect(first.total).toBe(32);
    expect(first.autoPublish).toBe(false);
    expect(idsOf(first)).toHaveLength(24);
    const second = await loaderData<Queue>(route.loader, `/app/review?after=${encodeURIComponent(first.nextAfter!)}`);
    expect(idsOf(second)).toHaveLength(8);
    expect(second.nextAfter).toBeNull();
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([...waiting, ...secondBatch.jobs].sort());
    expect(idsOf(first)).not.toContain(theirs);
  });

  it("puts a product's clips from two batches together and says it already has a clip from the app", async () => {
    const first = await loaderData<Queue>(route.loader, "/app/review");
    const product0 = first.groups.find((g) => g.productId === "gid://shopify/Product/900000")!;
    expect(product0.clips.map((c) => c.id).sort()).toEqual([waiting[0], secondBatch.jobs[0]].sort());
    expect(product0).toMatchObject({ liveFromApp: 1, waiting: 2 });
    const product5 = first.groups.find((g) => g.productId === "gid://shopify/Product/900005")!;
    expect(product5).toMatchObject({ liveFromApp: 0, waiting: 1 });
  });

  it("filters by batch, offering only batches with clips in the view", async () => {
    const later = await loaderData<Queue>(route.loader, `/app/review?batch=${secondBatch.id}`);
    expect(idsOf(later).sort()).toEqual([...secondBatch.jobs].sort());
    expect(later.total).toBe(2);
    expect(later.batches.map((b) => b.title)).not.toContain("Earlier batch");
    const live = await loaderData<Queue>(route.loader, "/app/review?status=approved");
    expect(live.total).toBe(1);
    expect(live.batches.map((b) => b.title)).toEqual(["Earlier batch"]);
  });

  it("Approve sends the clip to be published; approving it again says it is no longer waiting", async () => {
    const response = await act({ intent: "approve", jobId: waiting[0] });
    expect(await response.json()).toMatchObject({ ok: true, message: expect.stringContaining("Approved") });
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: waiting[0] } })).status).toBe("publishing");
    expect(await h.ctx.queues.publish.getJob(publishEntryId(waiting[0]))).toBeTruthy();

    const again = await act({ intent: "approve", jobId: waiting[0] });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ ok: false, message: "This clip is no longer waiting for review." });
  });

  it("approves a selection at once, skipping a clip already reviewed and another shop's", async () => {
    const chosen = [waiting[2], waiting[3], waiting[4]];
    const response = await act({ intent: "approve-selected", jobId: [...chosen, waiting[0], theirs] });
    expect(response.status).toBe(200);
    const outcome = await response.json();
    expect(outcome).toMatchObject({ ok: true, moved: chosen });
    expect(outcome.message).toBe("Approved 3 clips. They are being added to their product pages. 2 clips had already been reviewed.");
    const rows = await h.t.db.videoJob.findMany({ where: { id: { in: chosen } } });
    expect(rows.map((r) => r.status)).toEqual(["publishing", "publishing", "publishing"]);
    for (const id of chosen) expect(await h.ctx.queues.publish.getJob(publishEntryId(id))).toBeTruthy();
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("awaiting_review");
  });

  it("rejects a selection, and refuses an empty or oversized one without changing anything", async () => {
    const chosen = [waiting[5], waiting[6]];
    expect(await (await act({ intent: "reject-selected", jobId: chosen })).json()).toMatchObject({ ok: true, moved: chosen });
    const rows = await h.t.db.videoJob.findMany({ where: { id: { in: chosen } }, include: { events: true } });
    expect(rows.every((r) => r.status === "rejected" && r.events.some((e) => e.detail === "Rejected by you; not published"))).toBe(true);

    const none = await act({ intent: "reject-selected" });
    expect(none.status).toBe(409);
    expect((await none.json()).message).toBe("Select at least one clip.");
    const tooMany = await act({
      intent: "approve-selected",
      jobId: waiting.slice(7, 30).concat(Array.from({ length: 5 }, (_, i) => `x${i}`)),
    });
    expect((await tooMany.json()).message).toBe("Select up to 24 clips at a time.");
    expect(await h.t.db.videoJob.count({ where: { id: { in: waiting.slice(7, 30) }, status: "awaiting_review" } })).toBe(23);
  });

  it("answers another shop's clip with a bare 404 and leaves it waiting", async () => {
    for (const intent of ["approve", "reject"]) {
      const response = await act({ intent, jobId: theirs });
      expect(response.status).toBe(404);
    }
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("awaiting_review");
  });
});
