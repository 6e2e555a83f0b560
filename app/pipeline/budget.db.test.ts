import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { creditsSpentThisMonth } from "./budget.server";

let t: TestDatabase;
const shop = "budget.myshopify.com";
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
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
