// A callback answered 200 is recorded before it is applied. This pins down that
// what the route recorded survives the applier: worker processes are SIGKILLed
// while they apply a backlog of recorded callbacks, and a fresh worker applies
// every one, each job moved exactly once.
import { afterAll, beforeAll, expect, it } from "vitest";
import { signedCompletedCallback } from "../../bench/support/callbacks";
import { makeBatch, makeRenderingJobs } from "../support/factories";
import { SIMULATOR_KEY, startPipelineHarness, waitFor, type PipelineHarness } from "../support/pipeline-harness";
import { harnessWorkerEnv, startWorkerProcess, stopAllWorkerProcesses } from "../support/worker-process";

const shop = "applier-kill.myshopify.com";
const JOBS = 1_500;
let h: PipelineHarness;

beforeAll(async () => {
  h = await startPipelineHarness({ globalCap: 4, shops: [{ shop, concurrencyCap: 4, autoPublish: false }] });
  const batch = await makeBatch(h.t.db, shop);
  await makeRenderingJobs(h.t.db, { shop, batchId: batch.id, count: JOBS, name: "kill" });
});
afterAll(async () => {
  await stopAllWorkerProcesses();
  await h?.stop();
});

it("applies every recorded callback after the workers applying them are SIGKILLed", async () => {
  // Recorded with no worker running: each answered 200, none applied yet.
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < JOBS) {
        const { body, headers } = signedCompletedCallback(`vgen_kill_${next++}`, SIMULATOR_KEY);
        const answer = await fetch(`${h.callbacks.origin}/webhooks/video/creativeai`, { method: "POST", headers, body: body.toString() });
        expect(answer.status).toBe(200);
      }
    }),
  );
  expect(await h.t.db.providerCallback.count({ where: { appliedAt: null } })).toBe(JOBS);
  expect(await h.t.db.videoJob.count({ where: { shop, status: "rendering" } })).toBe(JOBS);

  // Appliers killed once they have started on the backlog, twice over.
  const env = harnessWorkerEnv(h, { WORKER_CLIP_CHECK_CONCURRENCY: "0", RENDER_POLL_AFTER_SECONDS: "86400" });
  for (let kill = 0; kill < 2; kill++) {
    const before = await h.t.db.providerCallback.count({ where: { appliedAt: null } });
    if (before === 0) break;
    const applier = startWorkerProcess(env);
    await applier.ready;
    await waitFor(async () => (await h.t.db.providerCallback.count({ where: { appliedAt: null } })) < before, {
      what: "the applier to start on the backlog",
      everyMs: 5,
    });
    applier.child.kill("SIGKILL");
    await applier.exited;
  }
  const leftAfterKills = await h.t.db.providerCallback.count({ where: { appliedAt: null } });
  console.info(`recorded callbacks left after two SIGKILLed appliers: ${leftAfterKills} of ${JOBS}`);

  const survivor = startWorkerProcess(env);
  await survivor.ready;
  await waitFor(async () => (await h.t.db.providerCallback.count({ where: { appliedAt: null } })) === 0, {
    what: "every recorded callback applied",
    // A killed worker's round is taken over once its lock lapses (workers.server.ts).
    timeoutMs: 60_000,
  });
  expect(await h.t.db.videoJob.count({ where: { shop, status: "checking" } })).toBe(JOBS);
  // Each job moved once: one timeline entry, rendering -> checking, whatever was killed half-way.
  const moves = await h.t.db.jobEvent.groupBy({ by: ["jobId"], where: { toStatus: "checking" }, _count: { _all: true } });
  expect(moves.length).toBe(JOBS);
  expect(moves.every((m) => m._count._all === 1)).toBe(true);
}, 240_000);
