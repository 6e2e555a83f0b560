// Reject, then Undo from the job page: the clip goes back to review while it
// is still kept, and never once it has been removed from the clip store.
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { makeBatch, makeJob } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.jobs.$jobId");

beforeAll(async () => {
  h = await startAdminRoutes();
  route = await import("~/routes/app.jobs.$jobId");
});
afterAll(async () => {
  await h.stop();
});

async function clipWaitingForReview() {
  const batch = await makeBatch(h.t.db, SHOP);
  const job = await makeJob(h.t.db, { shop: SHOP, batchId: batch.id, status: "awaiting_review", generationId: `vgen_${batch.id}` });
  await h.t.db.videoJob.update({
    where: { id: job.id },
    data: { outputUrl: "https://cdn.creativeai.run/clip.mp4", clipKey: `clips/${job.id}.mp4` },
  });
  return job.id;
}

const act = (jobId: string, intent: string) =>
  call(route.action, postForm(`/app/jobs/${jobId}`, { intent }), { jobId }).then((r) => r.json() as Promise<Record<string, unknown>>);

it("undoes a reject while the clip is kept, and says so", async () => {
  const jobId = await clipWaitingForReview();
  expect(await act(jobId, "reject")).toMatchObject({ ok: true, undo: { intent: "undo-reject", jobId } });
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("rejected");
  expect(await act(jobId, "undo-reject")).toMatchObject({ ok: true, message: expect.stringMatching(/waiting for your review again/) });
  const job = await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId }, include: { events: true } });
  expect(job.status).toBe("awaiting_review");
  expect(job.events.map((e) => e.toStatus)).toEqual(expect.arrayContaining(["rejected", "awaiting_review"]));
});

it("refuses the undo once the clip is no longer kept, and changes nothing", async () => {
  const jobId = await clipWaitingForReview();
  await act(jobId, "reject");
  await h.t.db.videoJob.update({ where: { id: jobId }, data: { clipRemovedAt: new Date(), outputUrl: null, clipKey: null } });
  expect(await act(jobId, "undo-reject")).toMatchObject({ ok: false, message: expect.stringMatching(/no longer kept/) });
  expect((await h.t.db.videoJob.findUniqueOrThrow({ where: { id: jobId } })).status).toBe("rejected");
});
