import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { makeBatch, makeJob } from "../../test/support/factories";
import { groupedMovesInTx, IllegalTransitionError, transitionJob, transitionJobInTx, transitionMany } from "./state-machine.server";
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

describe("groupedMovesInTx", () => {
  /** Four rendering jobs of a shop, sent this month: what a dispatch round's recorded callbacks move. */
  async function renderingJobs(ofShop: string) {
    const batch = await makeBatch(t.db, ofShop);
    const jobs = [];
    for (let i = 0; i < 4; i++) {
      const job = await makeJob(t.db, { shop: ofShop, batchId: batch.id, status: "rendering", generationId: `gen-${ofShop}-${i}` });
      jobs.push(await t.db.videoJob.update({ where: { id: job.id }, data: { submittedAt: new Date() } }));
    }
    return jobs;
  }
  /** The same requests for either set of jobs: finished, a repeat, another render's result, a failure, a late "finished". */
  function requestsFor(jobs: Awaited<ReturnType<typeof renderingJobs>>) {
    const done = (i: number, credits: number) => ({
      jobId: jobs[i].id,
      shop: jobs[i].shop,
      from: ["rendering"] as JobStatus[],
      to: "checking" as const,
      where: { generationId: jobs[i].generationId },
      patch: { credits, outputUrl: `https://cdn.example.com/${i}.mp4` },
      detail: "Render finished",
    });
    return [
      done(0, 5),
      done(0, 5),
      { ...done(1, 4), where: { generationId: "someone-else" } },
      { ...done(2, 0), to: "failed" as const, patch: { credits: 0, errorCode: "render_failed" }, detail: "Render failed" },
      done(2, 6),
      done(3, 2),
    ];
  }
  const outcomeOf = async (ofShop: string) => ({
    jobs: (await t.db.videoJob.findMany({ where: { shop: ofShop }, orderBy: { id: "asc" } })).map((j) => [
      j.status,
      j.credits,
      j.outputUrl,
    ]),
    events: (await t.db.jobEvent.findMany({ where: { shop: ofShop }, orderBy: { id: "asc" } })).map((e) => [
      e.fromStatus,
      e.toStatus,
      e.detail,
    ]),
    credits: (await t.db.shopCreditMonth.findMany({ where: { shop: ofShop } })).map((m) => m.credits),
  });

  it("moves as one move at a time would: the same statuses, timeline and month's credits", async () => {
    const one = await renderingJobs("grouped-one.myshopify.com");
    const group = await renderingJobs("grouped-group.myshopify.com");
    const single: boolean[] = [];
    await t.db.$transaction(async (tx) => {
      for (const request of requestsFor(one)) single.push((await transitionJobInTx(t.db, tx, request)).moved);
    });
    const grouped: boolean[] = [];
    await t.db.$transaction(async (tx) => {
      // The last job left out of the locked set: it is locked when it moves.
      const moves = await groupedMovesInTx(
        t.db,
        tx,
        group.slice(0, 3).map((j) => j.id),
      );
      for (const request of requestsFor(group)) grouped.push(await moves.move(request));
      await moves.finish();
    });
    expect(single).toEqual([true, false, false, true, false, true]);
    expect(grouped).toEqual(single);
    const [a, b] = [await outcomeOf(one[0].shop), await outcomeOf(group[0].shop)];
    expect(b).toEqual(a);
    // Sent at 3 estimated each; finished at 5 and 2 (+2, -1), failed at 0 (-3).
    expect(b.credits).toEqual([-2]);
    expect(b.events.filter(([, to]) => to !== "rendering")).toHaveLength(3);
  });
});
