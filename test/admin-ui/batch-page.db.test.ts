// /app/batches/<id> and /app/jobs/<id>: pages of 50 walked by cursor, counts
// per status from the database, the merchant's actions, and a bare 404 for
// anything of another shop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, loaderData, OTHER_SHOP, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let page: typeof import("~/routes/app.batches.$batchId");
let jobPage: typeof import("~/routes/app.jobs.$jobId");

interface BatchPageData {
  batch: { id: string; title: string };
  counts: Record<string, number>;
  filter: string;
  jobs: { id: string; status: string; productTitle: string }[];
  previousBefore: string | null;
  nextAfter: string | null;
  typicalRenderSeconds: number;
}

beforeAll(async () => {
  h = await startAdminRoutes();
  page = await import("~/routes/app.batches.$batchId");
  jobPage = await import("~/routes/app.jobs.$jobId");
});
afterAll(async () => {
  await h.stop();
});

describe("the batch page's loader", () => {
  let batchId: string;
  beforeAll(async () => {
    batchId = (await makeBatch(h.t.db, SHOP, { title: "Spring catalog" })).id;
    await addJobs(h.t.db, { shop: SHOP, batchId, count: 103, status: "queued" });
    await addJobs(h.t.db, { shop: SHOP, batchId, count: 7, status: "rendering" });
    await addJobs(h.t.db, { shop: SHOP, batchId, count: 4, status: "failed", errorMessage: "The provider could not read the image." });
  });

  it("counts every status of the batch and shows 50 jobs at a time, forward and back", async () => {
    const first = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}`, { batchId });
    expect(first.batch.title).toBe("Spring catalog");
    expect(first.counts).toEqual({ queued: 103, rendering: 7, failed: 4 });
    expect(first.jobs).toHaveLength(50);
    expect(first.previousBefore).toBeNull();

    const second = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}?after=${first.nextAfter}`, { batchId });
    const third = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}?after=${second.nextAfter}`, { batchId });
    expect([second.jobs.length, third.jobs.length]).toEqual([50, 14]);
    expect(third.nextAfter).toBeNull();
    const seen = new Set([...first.jobs, ...second.jobs, ...third.jobs].map((j) => j.id));
    expect(seen.size).toBe(114);

    const back = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}?before=${third.previousBefore}`, { batchId });
    expect(back.jobs.map((j) => j.id)).toEqual(second.jobs.map((j) => j.id));
    expect(back.previousBefore).not.toBeNull();
    expect(back.nextAfter).toBe(second.nextAfter);
  });

  it("filters by state, and says how long renders usually take (90 s until the shop has finished ones)", async () => {
    const failed = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}?status=failed`, { batchId });
    expect(failed.filter).toBe("failed");
    expect(failed.jobs.map((j) => j.status)).toEqual(["failed", "failed", "failed", "failed"]);
    const inProgress = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}?status=in-progress`, { batchId });
    expect(inProgress.jobs).toHaveLength(50);
    expect(inProgress.typicalRenderSeconds).toBe(90);
  });

  it("learns the typical render time from the shop's recent renders", async () => {
    const otherBatch = (await makeBatch(h.t.db, SHOP)).id;
    const [id] = await addJobs(h.t.db, { shop: SHOP, batchId: otherBatch, count: 1, status: "published" });
    const job = await h.t.db.videoJob.findUniqueOrThrow({ where: { id } });
    await h.t.db.videoJob.update({ where: { id }, data: { renderedAt: new Date(job.renderStartedAt!.getTime() + 42_000) } });
    const data = await loaderData<BatchPageData>(page.loader, `/app/batches/${batchId}`, { batchId });
    expect(data.typicalRenderSeconds).toBe(42);
  });

  it("answers another shop's batch with a bare 404, the same as a batch that does not exist", async () => {
    const foreign = (await makeBatch(h.t.db, OTHER_SHOP, { title: "Their secret launch" })).id;
    for (const id of [foreign, "no-such-batch"]) {
      const response = await call(page.loader, new Request(`http://localhost/app/batches/${id}`), { batchId: id });
      expect(response.status).toBe(404);
      expect(await response.text()).toBe("Not Found");
    }
  });
});

describe("the merchant's actions on a batch", () => {
  let batchId: string;
  let failed: string[];
  let queued: string[];
  beforeEach(async () => {
    batchId = (await makeBatch(h.t.db, SHOP)).id;
    failed = await addJobs(h.t.db, { shop: SHOP, batchId, count: 3, status: "failed", errorMessage: "Render timed out" });
    queued = await addJobs(h.t.db, { shop: SHOP, batchId, count: 2, status: "queued" });
  });

  const act = (fields: Record<string, string>, id = batchId) => call(page.action, postForm(`/app/batches/${id}`, fields), { batchId: id });
  const statuses = async () =>
    Object.fromEntries(
      (await h.t.db.videoJob.groupBy({ by: ["status"], where: { batchId }, _count: { _all: true } })).map((g) => [g.status, g._count._all]),
    );

  it("Retry puts one failed job back in the queue", async () => {
    const response = await act({ intent: "retry", jobId: failed[0] });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true });
    expect(await statuses()).toEqual({ failed: 2, queued: 3 });
  });

  it("Retry failed requeues only the failed jobs of this batch; a second press says there is nothing left", async () => {
    expect(await (await act({ intent: "retry-failed" })).json()).toEqual({ ok: true, message: "3 failed videos queued again." });
    expect(await statuses()).toEqual({ queued: 5 });
    const again = await act({ intent: "retry-failed" });
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ ok: false, message: "There are no failed videos to retry." });
  });

  it("Cancel what has not started cancels the queued jobs only, and a single Cancel one job", async () => {
    expect(await (await act({ intent: "cancel", jobId: queued[0] })).json()).toMatchObject({ ok: true });
    expect(await (await act({ intent: "cancel-not-started" })).json()).toMatchObject({
      ok: true,
      message: expect.stringContaining("Cancelled 1 video"),
    });
    expect(await statuses()).toEqual({ failed: 3, cancelled: 2 });
  });

  it("acts on the batch in the URL, whatever batch the form names", async () => {
    const other = (await makeBatch(h.t.db, SHOP)).id;
    await addJobs(h.t.db, { shop: SHOP, batchId: other, count: 2, status: "failed" });
    await act({ intent: "retry-failed", batchId: other });
    expect(await h.t.db.videoJob.count({ where: { batchId: other, status: "failed" } })).toBe(2);
  });

  it("answers another shop's batch or job with a bare 404 and changes nothing", async () => {
    const theirBatch = (await makeBatch(h.t.db, OTHER_SHOP)).id;
    const [theirJob] = await addJobs(h.t.db, { shop: OTHER_SHOP, batchId: theirBatch, count: 1, status: "failed" });
    const batchAction = await act({ intent: "retry-failed" }, theirBatch);
    expect(batchAction.status).toBe(404);
    const jobAction = await act({ intent: "retry", jobId: theirJob });
    expect(jobAction.status).toBe(404);
    expect(await jobAction.text()).toBe("Not Found");
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: theirJob } })).status).toBe("failed");
  });

  it("says so when an action does not exist", async () => {
    const response = await act({ intent: "delete-everything" });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ ok: false, message: "That action is not available here." });
  });
});

describe("a job's page", () => {
  it("shows the job's timeline in order, and Retry acts on the job in the URL", async () => {
    const batchId = (await makeBatch(h.t.db, SHOP, { title: "Timeline batch" })).id;
    const [jobId] = await addJobs(h.t.db, {
      shop: SHOP,
      batchId,
      count: 1,
      status: "failed",
      errorMessage: "The image could not be downloaded",
    });
    const t0 = Date.now() - 60_000;
    await h.t.db.jobEvent.createMany({
      data: [
        { jobId, shop: SHOP, fromStatus: null, toStatus: "queued", detail: "Added to “Timeline batch”", at: new Date(t0) },
        { jobId, shop: SHOP, fromStatus: "queued", toStatus: "submitting", at: new Date(t0 + 1_000) },
        {
          jobId,
          shop: SHOP,
          fromStatus: "submitting",
          toStatus: "failed",
          detail: "The image could not be downloaded",
          at: new Date(t0 + 2_000),
        },
      ],
    });
    const data = await loaderData<{
      batchTitle: string;
      status: string;
      timeline: { from: string | null; to: string; detail: string | null }[];
    }>(jobPage.loader, `/app/jobs/${jobId}`, { jobId });
    expect(data.batchTitle).toBe("Timeline batch");
    expect(data.timeline.map((e) => [e.from, e.to])).toEqual([
      [null, "queued"],
      ["queued", "submitting"],
      ["submitting", "failed"],
    ]);

    const retry = await call(jobPage.action, postForm(`/app/jobs/${jobId}`, { intent: "retry", jobId: "something-else" }), { jobId });
    expect(await retry.json()).toMatchObject({ ok: true });
    expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("queued");
  });

  it("is a bare 404 for another shop's job", async () => {
    const batchId = (await makeBatch(h.t.db, OTHER_SHOP)).id;
    const [jobId] = await addJobs(h.t.db, { shop: OTHER_SHOP, batchId, count: 1 });
    const response = await call(jobPage.loader, new Request(`http://localhost/app/jobs/${jobId}`), { jobId });
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Not Found");
  });
});
