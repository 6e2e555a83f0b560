// A 500-job batch across two shops with the provider misbehaving in every
// documented way ends with each job matching what the provider really did.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { FINAL_STATUSES, IN_FLIGHT_STATUSES } from "~/jobs/status";
import { acceptedPerImage, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";

const A = "faults-a.myshopify.com";
const B = "faults-b.myshopify.com";
const GLOBAL_CAP = 12;
const SHOP_CAP = 8;
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: GLOBAL_CAP,
    shops: [
      { shop: A, concurrencyCap: SHOP_CAP },
      { shop: B, concurrencyCap: SHOP_CAP },
    ],
    renderPollAfterMs: 1_000,
    simulator: {
      seed: 4242,
      renderTimeMs: { min: 40, max: 200 },
      timeScale: 0.02,
      faults: {
        failRate: 0.1,
        failoverRate: 0.1,
        submit429Rate: 0.03,
        retryAfterSeconds: 0,
        submit5xxRate: 0.05,
        lostCallbackRate: 0.1,
        duplicateCallbackRate: 0.15,
        outOfOrderRate: 0.15,
      },
    },
  });
});
afterAll(async () => {
  await h?.stop();
});

it("ends every job in the state the provider's truth implies, with caps held", async () => {
  const options = { model: "kling-v3" as const, duration: 5, aspectRatio: "16:9" as const, prompt: "Slow push on a white sweep" };
  const a = await createBatch(h.t.db, h.ctx.queues, { shop: A, source: "picker", title: "A", items: demoItems(300, "a"), options });
  const b = await createBatch(h.t.db, h.ctx.queues, { shop: B, source: "picker", title: "B", items: demoItems(200, "b"), options });
  expect(a.created + b.created).toBe(500);

  let maxPerShop = 0;
  const sampler = setInterval(async () => {
    const rows = await h.t.db.videoJob
      .groupBy({ by: ["shop"], where: { status: { in: [...IN_FLIGHT_STATUSES] } }, _count: { _all: true } })
      .catch(() => []);
    for (const r of rows) maxPerShop = Math.max(maxPerShop, r._count._all);
  }, 25);
  await h.startWorkers();
  await h.startWorkers(); // two worker "processes" sharing the caps

  const unsettled = { status: { notIn: [...FINAL_STATUSES, "awaiting_review"] } };
  await waitFor(async () => (await h.t.db.videoJob.count({ where: unsettled })) === 0, {
    timeoutMs: 420_000,
    what: "every job to settle",
  }).catch(async (error: Error) => {
    // Say which jobs are stuck and what the provider knows of them: the clue to why.
    const stuck = await h.t.db.videoJob.findMany({ where: unsettled, take: 5 });
    const described = stuck.map((j) => {
      const truth = j.generationId ? h.simulator.state.renders.get(j.generationId) : undefined;
      return `${j.id} ${j.status} (generation ${j.generationId ?? "none"}; provider: ${truth ? JSON.stringify(truth) : "unknown"})`;
    });
    throw new Error(`${error.message}. Still unsettled: ${described.join("; ")}`);
  });
  clearInterval(sampler);

  const jobs = await h.t.db.videoJob.findMany();
  const bySubmission = acceptedPerImage(h.simulator);
  for (const job of jobs) {
    expect(job.generationId, `job ${job.id} was never rendered`).toBeTruthy();
    const truth = h.simulator.state.renders.get(job.generationId!);
    expect(truth).toBeDefined();
    if (truth!.outcome === "completed") {
      expect(job.status, `${job.id}: ${job.errorCode} ${job.errorMessage}`).toBe("awaiting_review");
      expect(job.outputUrl).toBe(truth!.outputUrl);
      expect(job.failoverUsed).toBe(truth!.failoverUsed);
    } else {
      expect(job.status).toBe("failed");
      expect(job.errorMessage).toContain(truth!.errorMessage ?? "");
    }
    // Accepted exactly once at the provider: no job rendered twice.
    expect(bySubmission.get(job.imageUrl)).toBe(1);
  }
  // Every status change is on the timeline: created, submitting, rendering, final.
  const events = await h.t.db.jobEvent.groupBy({ by: ["jobId"], _count: { _all: true } });
  expect(events.every((e) => e._count._all >= 4)).toBe(true);

  const faultsSeen = h.simulator.state.counters;
  expect(faultsSeen.rejected5xx + faultsSeen.rejected429).toBeGreaterThan(0);
  expect(faultsSeen.callbacksLost).toBeGreaterThan(0);
  expect(h.simulator.state.maxInFlight).toBeLessThanOrEqual(GLOBAL_CAP);
  expect(maxPerShop).toBeLessThanOrEqual(SHOP_CAP);
  console.info(`max in flight at provider: ${h.simulator.state.maxInFlight}/${GLOBAL_CAP}, per shop ${maxPerShop}/${SHOP_CAP}`);
}, 480_000);
