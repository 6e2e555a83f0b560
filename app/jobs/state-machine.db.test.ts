import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { IllegalTransitionError, transitionJob, transitionMany } from "./state-machine.server";
import { JOB_STATUSES, TRANSITIONS, type JobStatus } from "./status";

let t: TestDatabase;
const shop = "state-machine.myshopify.com";

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

describe("every move between two statuses", () => {
  const pairs = JOB_STATUSES.flatMap((from) => JOB_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)("%s -> %s is allowed only when the table says so", async (from, to) => {
    const batch = await makeBatch(t.db, shop);
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: from });
    const allowed = TRANSITIONS[from].includes(to);

    const outcome = await transitionJob(t.db, { jobId: job.id, to, detail: "test" });

    const after = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    const events = await t.db.jobEvent.findMany({ where: { jobId: job.id } });
    if (allowed) {
      expect(outcome).toEqual({ moved: true, from, to });
      expect(after.status).toBe(to);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ fromStatus: from, toStatus: to, detail: "test", shop });
    } else {
      expect(outcome).toEqual({ moved: false, reason: "refused", current: from });
      expect(after.status).toBe(from);
      expect(events).toHaveLength(0);
    }
  });
});

describe("transitionJob", () => {
  it("reports a job that does not exist", async () => {
    expect(await transitionJob(t.db, { jobId: "missing", to: "submitting" })).toEqual({ moved: false, reason: "not_found", current: null });
  });

  it("refuses to name an illegal source explicitly", async () => {
    await expect(transitionJob(t.db, { jobId: "x", to: "published", from: ["queued"] })).rejects.toBeInstanceOf(IllegalTransitionError);
  });

  it("applies the extra guard, so an event about another render changes nothing", async () => {
    const batch = await makeBatch(t.db, shop);
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "rendering", generationId: "vgen_current" });
    const stale = await transitionJob(t.db, { jobId: job.id, to: "failed", where: { generationId: "vgen_old" } });
    expect(stale.moved).toBe(false);
    const fresh = await transitionJob(t.db, { jobId: job.id, to: "failed", where: { generationId: "vgen_current" } });
    expect(fresh.moved).toBe(true);
  });

  it("writes stage timestamps and the patch with the status", async () => {
    const batch = await makeBatch(t.db, shop);
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "submitting" });
    await transitionJob(t.db, { jobId: job.id, to: "rendering", patch: { generationId: "vgen_1" } });
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.generationId).toBe("vgen_1");
    expect(row.renderStartedAt).toBeInstanceOf(Date);
  });

  it("lets exactly one of many concurrent moves win", async () => {
    const batch = await makeBatch(t.db, shop);
    const job = await makeJob(t.db, { shop, batchId: batch.id, status: "rendering" });
    const targets: JobStatus[] = ["publishing", "awaiting_review", "failed", "cancelled"];
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => transitionJob(t.db, { jobId: job.id, from: ["rendering"], to: targets[i % targets.length] })),
    );
    const winners = outcomes.filter((o) => o.moved);
    expect(winners).toHaveLength(1);
    const events = await t.db.jobEvent.findMany({ where: { jobId: job.id } });
    expect(events).toHaveLength(1);
    const row = await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } });
    expect(row.status).toBe(winners[0].moved && winners[0].to);
  });
});

describe("transitionMany", () => {
  it("moves only the jobs whose status allows it, with one event each", async () => {
    const batch = await makeBatch(t.db, shop);
    const queued = await Promise.all([0, 1, 2].map(() => makeJob(t.db, { shop, batchId: batch.id, status: "queued" })));
    const published = await makeJob(t.db, { shop, batchId: batch.id, status: "published" });
    const moved = await transitionMany(t.db, { shop, where: { batchId: batch.id }, to: "cancelled", detail: "Cancelled by you" });
    expect(moved.sort()).toEqual(queued.map((j) => j.id).sort());
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: published.id } })).status).toBe("published");
    expect(await t.db.jobEvent.count({ where: { jobId: { in: moved }, toStatus: "cancelled" } })).toBe(3);
  });

  it("never touches another shop's jobs", async () => {
    const other = "other-shop.myshopify.com";
    const batch = await makeBatch(t.db, other);
    const job = await makeJob(t.db, { shop: other, batchId: batch.id, status: "queued" });
    const moved = await transitionMany(t.db, { shop, jobIds: [job.id], to: "cancelled" });
    expect(moved).toEqual([]);
    expect((await t.db.videoJob.findUniqueOrThrow({ where: { id: job.id } })).status).toBe("queued");
  });
});
