import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import type { Database } from "~/db.server";
import { NEW_RENDER_ATTEMPT } from "~/jobs/new-render-attempt";
import { transitionJob, transitionMany, type TransitionRequest } from "~/jobs/state-machine.server";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { creditsSpentThisMonth, recountCreditsOfMonth } from "./budget.server";

let t: TestDatabase;
const shop = "budget.myshopify.com";
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});
afterEach(() => {
  vi.useRealTimers();
});

it("counts charged credits, in-flight estimates, and nothing for failed or last month's renders", async () => {
  const batch = await makeBatch(t.db, shop);
  const now = new Date("2026-11-20T12:00:00Z");
  const thisMonth = new Date("2026-11-05T00:00:00Z");
  const lastMonth = new Date("2026-10-30T00:00:00Z");
  const charged = await makeJob(t.db, { shop, batchId: batch.id, status: "published", generationId: "g1" });
  const inFlight = await makeJob(t.db, { shop, batchId: batch.id, status: "rendering", generationId: "g2" });
  const failed = await makeJob(t.db, { shop, batchId: batch.id, status: "failed", generationId: "g3" });
  const old = await makeJob(t.db, { shop, batchId: batch.id, status: "published", generationId: "g4" });
  const neverSent = await makeJob(t.db, { shop, batchId: batch.id, status: "queued" });
  await t.db.videoJob.update({ where: { id: charged.id }, data: { submittedAt: thisMonth, credits: 6 } });
  await t.db.videoJob.update({ where: { id: inFlight.id }, data: { submittedAt: thisMonth, estimatedCredits: 3 } });
  await t.db.videoJob.update({ where: { id: failed.id }, data: { submittedAt: thisMonth, estimatedCredits: 3 } });
  await t.db.videoJob.update({ where: { id: old.id }, data: { submittedAt: lastMonth, credits: 100 } });
  await t.db.videoJob.update({ where: { id: neverSent.id }, data: { estimatedCredits: 50 } });
  expect(await creditsSpentThisMonth(t.db, shop, now)).toBe(9);
  expect(await creditsSpentThisMonth(t.db, "other.myshopify.com", now)).toBe(0);
});

/** What the budget check summed before the running total: every sent job of the month, read from the jobs. */
async function summedFromJobs(db: Database, shop: string, now: Date): Promise<number> {
  const thisMonth = {
    shop,
    submittedAt: { gte: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)) },
    generationId: { not: null },
  };
  const [charged, pending] = await Promise.all([
    db.videoJob.aggregate({ where: { ...thisMonth, credits: { not: null } }, _sum: { credits: true } }),
    db.videoJob.aggregate({ where: { ...thisMonth, credits: null, status: { not: "failed" } }, _sum: { estimatedCredits: true } }),
  ]);
  return (charged._sum.credits ?? 0) + (pending._sum.estimatedCredits ?? 0);
}

it("keeps a running total through the state machine's moves that equals the sum over the jobs", async () => {
  const shop = "running-total.myshopify.com";
  const now = () => new Date();
  // Read once first: from here on the row is the running total, never recounted.
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(0);
  const batch = await makeBatch(t.db, shop);
  const jobs = await Promise.all(Array.from({ length: 8 }, () => makeJob(t.db, { shop, batchId: batch.id })));
  const [sent, refused, failedRender, lostRender, cancelled, rerendered, retried, rendering] = jobs.map((j) => j.id);
  const move = (jobId: string, request: Omit<TransitionRequest, "jobId" | "shop">) => transitionJob(t.db, { jobId, shop, ...request });
  const render = (jobId: string, generationId: string) => move(jobId, { from: ["submitting"], to: "rendering", patch: { generationId } });

  for (const j of jobs) await move(j.id, { from: ["queued"], to: "submitting" });
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(0);
  for (const [i, id] of [sent, failedRender, lostRender, cancelled, rerendered, retried, rendering].entries()) await render(id, `g-${i}`);
  await move(refused, { from: ["submitting"], to: "failed", patch: { errorCode: "provider_refused" } });
  // Seven renders sent, at their estimate of 3.
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(21);

  await move(sent, { from: ["rendering"], to: "checking", patch: { credits: 5 } });
  await move(failedRender, { from: ["rendering"], to: "failed", patch: { credits: 0 } });
  await transitionMany(t.db, { shop, jobIds: [lostRender], from: ["rendering"], to: "failed" });
  await move(cancelled, { from: ["rendering"], to: "cancelled" });
  // A clip that failed its checks renders again; the first render's credits stay on the job.
  await move(rerendered, { from: ["rendering"], to: "checking", patch: { credits: 4 } });
  await move(rerendered, { from: ["checking"], to: "queued", patch: { ...NEW_RENDER_ATTEMPT } });
  await move(rerendered, { from: ["queued"], to: "submitting" });
  await render(rerendered, "g-again");
  // Charged, failed after its render, then retried by the merchant as a fresh attempt.
  await move(retried, { from: ["rendering"], to: "checking", patch: { credits: 3 } });
  await move(retried, { from: ["checking"], to: "failed" });
  await transitionMany(t.db, { shop, jobIds: [retried], from: ["failed"], to: "queued", patch: { ...NEW_RENDER_ATTEMPT, credits: null } });
  // A refused move changes nothing.
  await move(sent, { from: ["rendering"], to: "failed", patch: { credits: 0 } });

  // sent 5 + cancelled at its estimate 3 + rerendered 4 + still rendering 3.
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(15);
  expect(await summedFromJobs(t.db, shop, now())).toBe(15);
  expect(await recountCreditsOfMonth(t.db, shop)).toBe(15);
});

it("counts a render in the month it was sent, whenever its cost arrives", async () => {
  const shop = "month-end.myshopify.com";
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-30T23:59:00Z"));
  const batch = await makeBatch(t.db, shop);
  const job = await makeJob(t.db, { shop, batchId: batch.id });
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(0);
  await transitionJob(t.db, { jobId: job.id, shop, from: ["queued"], to: "submitting" });
  await transitionJob(t.db, { jobId: job.id, shop, from: ["submitting"], to: "rendering", patch: { generationId: "g-nov" } });
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(3);

  vi.setSystemTime(new Date("2026-12-01T00:01:00Z"));
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(0);
  await transitionJob(t.db, { jobId: job.id, shop, from: ["rendering"], to: "checking", patch: { credits: 7 } });
  expect(await creditsSpentThisMonth(t.db, shop)).toBe(0);
  const november = new Date("2026-11-15T00:00:00Z");
  expect(await creditsSpentThisMonth(t.db, shop, november)).toBe(7);
  expect(await summedFromJobs(t.db, shop, november)).toBe(7);
});
