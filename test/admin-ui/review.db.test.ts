// /app/review: clips waiting for the merchant, Approve (publish) and Reject.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishEntryId } from "~/queues/queues.server";
import { call, loaderData, OTHER_SHOP, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.review");
let waiting: string[];
let theirs: string;

beforeAll(async () => {
  h = await startAdminRoutes();
  await h.t.db.shopSettings.create({ data: { shop: SHOP, autoPublish: false } });
  const batchId = (await makeBatch(h.t.db, SHOP)).id;
  waiting = await addJobs(h.t.db, {
    shop: SHOP,
    batchId,
    count: 14,
    status: "awaiting_review",
    outputUrl: "https://cdn.example.com/clip.mp4",
  });
  await addJobs(h.t.db, { shop: SHOP, batchId, count: 3, status: "rendering" });
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
  clips: { id: string; outputUrl: string | null }[];
  total: number;
  nextAfter: string | null;
  autoPublish: boolean;
}

const act = (fields: Record<string, string>) => call(route.action, postForm("/app/review", fields));

describe("the review page", () => {
  it("lists only this shop's clips waiting for review, twelve at a time, each with its video", async () => {
    const first = await loaderData<Queue>(route.loader, "/app/review");
    expect(first.total).toBe(14);
    expect(first.autoPublish).toBe(false);
    expect(first.clips).toHaveLength(12);
    expect(first.clips.every((c) => c.outputUrl === "https://cdn.example.com/clip.mp4")).toBe(true);
    const second = await loaderData<Queue>(route.loader, `/app/review?after=${first.nextAfter}`);
    expect(second.clips).toHaveLength(2);
    expect([...first.clips, ...second.clips].map((c) => c.id).sort()).toEqual([...waiting].sort());
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

  it("Reject keeps the clip off the product page", async () => {
    expect(await (await act({ intent: "reject", jobId: waiting[1] })).json()).toMatchObject({ ok: true });
    const job = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: waiting[1] }, include: { events: true } });
    expect(job.status).toBe("rejected");
    expect(job.events.map((e) => e.detail)).toContain("Rejected by you; not published");
  });

  it("answers another shop's clip with a bare 404 and leaves it waiting", async () => {
    for (const intent of ["approve", "reject"]) {
      const response = await act({ intent, jobId: theirs });
      expect(response.status).toBe(404);
    }
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: theirs } })).status).toBe("awaiting_review");
  });
});
