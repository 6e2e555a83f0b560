// `npm run worker` as a real process: it reports readiness, stops cleanly on
// SIGTERM, and a worker killed with SIGKILL mid-batch loses nothing and
// renders nothing twice once another worker takes over.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { FINAL_STATUSES } from "~/jobs/status";
import { acceptedPerImage, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { demoItems } from "../support/items";
import { harnessWorkerEnv, startWorkerProcess, stopAllWorkerProcesses } from "../support/worker-process";

const shop = "worker-process.myshopify.com";
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 8,
    shops: [{ shop, concurrencyCap: 8 }],
    simulator: { seed: 3, renderTimeMs: { min: 300, max: 900 } },
  });
});
afterAll(async () => {
  await stopAllWorkerProcesses();
  await h?.stop();
});

const workerEnv = () =>
  harnessWorkerEnv(h, { RECONCILE_EVERY_SECONDS: "1", RENDER_POLL_AFTER_SECONDS: "2", SUBMIT_UNANSWERED_WAIT_SECONDS: "5" });

it("reports readiness and exits 0 on SIGTERM", async () => {
  const worker = startWorkerProcess(workerEnv());
  await worker.ready;
  worker.child.kill("SIGTERM");
  const { code } = await worker.exited;
  expect(code).toBe(0);
  expect(worker.output()).toContain('"msg":"worker stopped"');
}, 60_000);

it("completes a batch after a worker is killed with SIGKILL mid-batch, with no duplicate render", async () => {
  const batch = await createBatch(h.t.db, h.ctx.queues, {
    shop,
    source: "picker",
    title: "kill test",
    items: demoItems(80, "k"),
    options: { model: "kling-v3", duration: 5, aspectRatio: "16:9", prompt: "Turntable spin" },
  });
  const first = startWorkerProcess(workerEnv());
  await first.ready;
  await waitFor(async () => (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: "awaiting_review" } })) >= 15, {
    what: "progress",
    timeoutMs: 120_000,
  });
  first.child.kill("SIGKILL");
  await first.exited;

  const second = startWorkerProcess(workerEnv());
  await second.ready;
  try {
    await waitFor(
      async () =>
        (await h.t.db.videoJob.count({ where: { batchId: batch.batchId, status: { notIn: [...FINAL_STATUSES, "awaiting_review"] } } })) ===
        0,
      { timeoutMs: 150_000, what: "the batch to finish" },
    );
  } finally {
    second.child.kill("SIGTERM");
    await second.exited;
  }
  const jobs = await h.t.db.videoJob.findMany({ where: { batchId: batch.batchId } });
  expect(jobs).toHaveLength(80);
  const accepted = acceptedPerImage(h.simulator);
  for (const job of jobs) {
    expect(job.status).toBe("awaiting_review");
    expect(accepted.get(job.imageUrl)).toBe(1);
  }
  expect(h.simulator.state.maxInFlight).toBeLessThanOrEqual(8);
}, 180_000);
