// Undo of a reject made on the Review page (its toast's "Undo"): the rejected
// clips go back to review while they are still kept; a clip removed from the
// clip store in the meantime stays rejected, and another shop's clip is never
// touched.
import { afterAll, beforeAll, expect, it } from "vitest";
import { call, OTHER_SHOP, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.review");

beforeAll(async () => {
  h = await startAdminRoutes();
  await h.t.db.shopSettings.create({ data: { shop: SHOP, autoPublish: false } });
  route = await import("~/routes/app.review");
});
afterAll(async () => {
  await h.stop();
});

const act = async (fields: Record<string, string | string[]>) => {
  const response = await call(route.action, postForm("/app/review", fields));
  return { status: response.status, outcome: (await response.json()) as Record<string, unknown> };
};
const statuses = async (ids: string[]) =>
  (await h.t.db.videoJob.findMany({ where: { id: { in: ids } }, orderBy: { id: "asc" } })).map((r) => r.status);

it("offers Undo with a bulk reject, and the undo brings the clips back to review", async () => {
  const batchId = (await makeBatch(h.t.db, SHOP)).id;
  const ids = (
    await addJobs(h.t.db, { shop: SHOP, batchId, count: 3, status: "awaiting_review", outputUrl: "https://cdn.example.com/u.mp4" })
  ).sort();

  // Each clip copied into the app's clip store, as the checking step leaves it.
  for (const id of ids) await h.t.db.videoJob.update({ where: { id }, data: { clipKey: `clips/${id}/clip.mp4` } });

  const rejected = await act({ intent: "reject-selected", jobId: ids });
  expect(rejected.outcome).toMatchObject({
    ok: true,
    message: "Rejected 3 clips. They won't be published.",
    undo: { intent: "undo-reject-selected", jobIds: ids },
  });
  expect(await statuses(ids)).toEqual(["rejected", "rejected", "rejected"]);

  // One of them was removed from the clip store before the merchant pressed Undo.
  await h.t.db.videoJob.update({ where: { id: ids[2] }, data: { clipRemovedAt: new Date() } });
  const undone = await act({ intent: "undo-reject-selected", jobId: ids });
  expect(undone.status).toBe(200);
  expect(undone.outcome).toMatchObject({
    ok: true,
    message: "Reject undone for 2 clips. They are waiting for your review again. 1 clip could not be brought back: no longer kept.",
    moved: ids.slice(0, 2),
  });
  expect(undone.outcome.undo).toBeUndefined();
  expect(await statuses(ids)).toEqual(["awaiting_review", "awaiting_review", "rejected"]);
  const events = await h.t.db.jobEvent.findMany({ where: { jobId: ids[0] }, orderBy: { id: "asc" } });
  expect(events.at(-1)?.detail).toBe("Reject undone; waiting for your review");

  // Undo again: nothing is rejected any more, so nothing moves.
  const again = await act({ intent: "undo-reject-selected", jobId: ids.slice(0, 2) });
  expect(again.status).toBe(409);
  expect(again.outcome).toMatchObject({ ok: false, message: "Nothing was undone: these clips have moved on or are no longer kept." });
});

it("never undoes another shop's reject", async () => {
  const theirBatch = (await makeBatch(h.t.db, OTHER_SHOP)).id;
  const [theirs] = await addJobs(h.t.db, {
    shop: OTHER_SHOP,
    batchId: theirBatch,
    count: 1,
    status: "rejected",
    outputUrl: "https://cdn.example.com/t.mp4",
  });
  const { status, outcome } = await act({ intent: "undo-reject-selected", jobId: [theirs] });
  expect(status).toBe(409);
  expect(outcome.ok).toBe(false);
  expect(await statuses([theirs])).toEqual(["rejected"]);
});
