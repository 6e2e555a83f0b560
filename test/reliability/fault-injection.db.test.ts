// Seeded random runs of a multi-shop batch while faults are injected at
// random moments: worker SIGKILL (the worker that applies recorded callbacks
// among them), Redis restart and flush, a locked database,
// provider 429 storms and 5xx, lost/duplicated/out-of-order callbacks and
// renders that never finish, replayed callbacks, and merchants retrying failed
// jobs while the earlier attempt's callbacks still arrive (out of date).
// After each run every invariant must hold.
//   CI runs a quick subset; `npm run reliability` runs the full set.
import Database from "better-sqlite3";
import { Redis } from "ioredis";
import pg from "pg";
import { afterAll, expect, it } from "vitest";
import { createBatch } from "~/pipeline/batches.server";
import { retryJob } from "~/pipeline/merchant-actions.server";
import { FINAL_STATUSES } from "~/jobs/status";
import { createRandom } from "../../dev/shared/random";
import { startLocalRedis } from "../../scripts/local-services/redis";
import { demoItems } from "../support/items";
import { SIMULATOR_KEY, startPipelineHarness, waitFor } from "../support/pipeline-harness";
import { startWorkerProcess, stopAllWorkerProcesses, type WorkerProcess } from "../support/worker-process";
import { checkInvariants, violationCount, type InvariantReport } from "./invariants";

const RUNS = Number(process.env.RELIABILITY_RUNS ?? 2);
const JOBS_PER_SHOP = Number(process.env.RELIABILITY_JOBS_PER_SHOP ?? 40);
const GLOBAL_CAP = 6;
const FAULT_KINDS = [
  "worker SIGKILL",
  "Redis restart",
  "Redis flush",
  "database locked",
  "provider 429 storm",
  "provider 5xx storm",
  "merchant retries",
] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

const table: {
  seed: number;
  jobs: number;
  faults: Partial<Record<FaultKind, number>>;
  retried: number;
  replayed: number;
  violations: number;
  seconds: number;
}[] = [];

afterAll(async () => {
  await stopAllWorkerProcesses();
  const kinds = FAULT_KINDS.map((k) => `${k}: ${table.reduce((n, r) => n + (r.faults[k] ?? 0), 0)}`).join(", ");
  console.info(
    [
      "fault injection",
      ...table.map(
        (r) =>
          `  seed ${r.seed}: ${r.jobs} jobs, ${r.seconds}s, faults ${JSON.stringify(r.faults)}, ${r.retried} retried, ${r.replayed} replayed or out-of-date callbacks, violations ${r.violations}`,
      ),
      `  runs ${table.length}; faults injected: ${kinds}; invariant violations ${table.reduce((n, r) => n + r.violations, 0)}`,
    ].join("\n"),
  );
});

for (let run = 0; run < RUNS; run++) {
  const seed = 1000 + run;
  it(`seed ${seed}: every invariant holds after random faults`, async () => {
    const started = Date.now();
    const random = createRandom(seed);
    const redis = await startLocalRedis();
    const shops = ["fault-a.myshopify.com", "fault-b.myshopify.com", "fault-c.myshopify.com"];
    const h = await startPipelineHarness({
      globalCap: GLOBAL_CAP,
      redisUrl: redis.url,
      renderPollAfterMs: 1_000,
      shops: shops.map((shop) => ({ shop, concurrencyCap: 4 })),
      simulator: {
        seed,
        renderTimeMs: { min: 100, max: 600 },
        timeScale: 0.05,
        faults: {
          failRate: 0.08,
          failoverRate: 0.1,
          lostCallbackRate: 0.1,
          duplicateCallbackRate: 0.15,
          outOfOrderRate: 0.1,
          neverFinishRate: 0.03,
          submit5xxRate: 0.03,
          replayCallbackRate: 0.15,
          outOfDateCallbackRate: 1,
        },
      },
    });
    const faults: Partial<Record<FaultKind, number>> = {};
    let retried = 0;
    const env = {
      DATABASE_URL: h.t.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: h.prefix,
      CREATIVEAI_BASE_URL: h.simulator.url,
      CREATIVEAI_API_KEY: SIMULATOR_KEY,
      PUBLIC_CALLBACK_ORIGIN: h.callbacks.origin,
      RENDER_GLOBAL_CAP: String(GLOBAL_CAP),
      RECONCILE_EVERY_SECONDS: "1",
      RENDER_POLL_AFTER_SECONDS: "1",
      RENDER_TIMEOUT_MINUTES: String(8 / 60),
      SUBMIT_UNANSWERED_WAIT_SECONDS: "5",
    };
    const workers: WorkerProcess[] = [startWorkerProcess(env), startWorkerProcess(env)];
    let report: InvariantReport | undefined;
    try {
      await Promise.all(workers.map((w) => w.ready));
      for (const [i, shop] of shops.entries()) {
        await createBatch(h.t.db, h.ctx.queues, {
          shop,
          source: "picker",
          title: `run ${seed}`,
          items: demoItems(JOBS_PER_SHOP, `${seed}-${i}`),
          options: { model: "kling-v3", duration: 5, aspectRatio: "16:9", prompt: "Slow orbit" },
        });
      }
      const unfinished = async () => h.t.db.videoJob.count({ where: { status: { notIn: [...FINAL_STATUSES, "awaiting_review"] } } });

      for (let round = 0; round < 6 && (await unfinished()) > 0; round++) {
        await new Promise((r) => setTimeout(r, 300 + random.next() * 900));
        const kind = FAULT_KINDS[Math.floor(random.next() * FAULT_KINDS.length)];
        faults[kind] = (faults[kind] ?? 0) + 1;
        await inject(kind);
      }
      await waitFor(async () => (await unfinished()) === 0, { timeoutMs: 150_000, everyMs: 250, what: `seed ${seed} to settle` });
      // Whatever the draw, the merchant retries what failed at the end, so every
      // run has earlier attempts whose callbacks come back.
      await inject("merchant retries");
      await waitFor(async () => (await unfinished()) === 0, { timeoutMs: 150_000, everyMs: 250, what: `seed ${seed}'s retries to settle` });
      report = await checkInvariants(h.t.db, h.simulator, { globalCap: GLOBAL_CAP });
    } finally {
      await stopAllWorkerProcesses();
      await h.stop();
      await redis.stop();
    }
    const replayed = h.simulator.state.counters.callbacksReplayed;
    table.push({
      seed,
      jobs: report.jobs,
      faults,
      retried,
      replayed,
      violations: violationCount(report),
      seconds: Math.round((Date.now() - started) / 1000),
    });
    expect(report).toMatchObject({
      unsettled: [],
      mismatched: [],
      renderedTwice: [],
      brokenTimelines: [],
      capExceeded: [],
      earlierAttempt: [],
      recordedNotApplied: [],
    });
    expect(report.jobs).toBe(JOBS_PER_SHOP * shops.length);

    async function inject(kind: FaultKind) {
      switch (kind) {
        case "worker SIGKILL": {
          const victim = workers.shift()!;
          victim.child.kill("SIGKILL");
          await victim.exited;
          const replacement = startWorkerProcess(env);
          workers.push(replacement);
          await replacement.ready;
          return;
        }
        case "Redis restart":
          await redis.restart();
          return;
        case "Redis flush": {
          const admin = new Redis(redis.url);
          await admin.flushall();
          await admin.quit();
          return;
        }
        case "database locked": {
          // Another writer holds the jobs table for two seconds.
          if (h.t.kind === "sqlite") {
            const locker = new Database(h.t.url.replace(/^file:/, ""));
            locker.exec("BEGIN IMMEDIATE");
            await new Promise((r) => setTimeout(r, 2_000));
            locker.exec("ROLLBACK");
            locker.close();
          } else {
            const locker = new pg.Client({ connectionString: h.t.url });
            await locker.connect();
            await locker.query('BEGIN; LOCK TABLE "VideoJob" IN EXCLUSIVE MODE');
            await new Promise((r) => setTimeout(r, 2_000));
            await locker.query("ROLLBACK");
            await locker.end();
          }
          return;
        }
        case "provider 429 storm":
          h.simulator.setFaults({ submit429Rate: 0.8, retryAfterSeconds: 1 });
          await new Promise((r) => setTimeout(r, 1_500));
          h.simulator.setFaults({ submit429Rate: 0 });
          return;
        case "provider 5xx storm":
          h.simulator.setFaults({ submit5xxRate: 0.7, poll5xxRate: 0.7 });
          await new Promise((r) => setTimeout(r, 1_500));
          h.simulator.setFaults({ submit5xxRate: 0.03, poll5xxRate: 0 });
          return;
        case "merchant retries": {
          // Failed renders go again; the earlier render's callback then arrives
          // for an attempt the job no longer has (outOfDateCallbackRate).
          const failed = await h.t.db.videoJob.findMany({
            where: { status: "failed", errorCode: "render_failed" },
            select: { id: true, shop: true },
            take: 5,
          });
          for (const job of failed) await retryJob(h.t.db, h.ctx.queues, job.shop, job.id);
          retried += failed.length;
          return;
        }
      }
    }
  }, 240_000);
}
