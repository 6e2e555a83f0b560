// Scenario 3. With a global cap C and a fixed render time T, the best the
// pipeline can do is C/T renders per second. N = C x 15 jobs go through real
// worker processes (1, 2, then 4), the simulator renders and calls back the built
// web app; achieved renders/s against C/T, and the most renders the simulator
// ever saw in flight (must never exceed C).
import { defineScenario } from "../registry";
import { figure, type Figure } from "../report";
import { startLivePipeline } from "../support/pipeline";
import { seedShop } from "../support/seed";
import { slotBreakdown } from "../support/timeline";
import { round, waitFor } from "../support/stats";

const EFFICIENCY_GOAL = 0.95;

/** Failures the processes logged: each one costs a retry delay, which is where throughput goes. */
function logProblems(output: string) {
  const lines = output.split("\n");
  return {
    failedQueueJobs: lines.filter((l) => l.includes('"msg":"queue job failed"')).length,
    sqliteBusy: lines.filter((l) => l.includes("SQLITE_BUSY")).length,
    callbacksRefused: lines.filter((l) => l.includes('"msg":"callback could not be recorded"')).length,
  };
}

export default defineScenario({
  name: "submission-efficiency",
  order: 3,
  title: "Submission efficiency (global cap, real worker processes)",
  async run(ctx) {
    const plan = ctx.quick
      ? // The smoke run keeps the multi-process case: it is the one that can break the cap.
        { cap: 10, renderMs: 500, perSlot: 5, workerCounts: [4] }
      : { cap: 20, renderMs: 1_000, perSlot: 15, workerCounts: [1, 2, 4] };
    const jobs = plan.cap * plan.perSlot;
    const ideal = plan.cap / (plan.renderMs / 1000);
    const pipeline = await startLivePipeline(ctx, {
      label: "submit",
      globalCap: plan.cap,
      renderTimeMs: { min: plan.renderMs, max: plan.renderMs },
    });
    const figures: Figure[] = [];
    const dataLoss: string[] = [];
    const details: Record<string, unknown> = {};
    const perSecondBy = new Map<number, number>();
    let maxInFlightOverall = 0;
    try {
      for (const workers of plan.workerCounts) {
        // A shop per run, allowed the whole cap, so only the global cap limits.
        const shop = `bench-submit-w${workers}.myshopify.com`;
        await seedShop(pipeline.bdb.db, shop, { autoPublish: false, concurrencyCap: plan.cap });
        ctx.log(`submission: ${workers} worker process(es), C=${plan.cap}, T=${plan.renderMs} ms, N=${jobs}`);
        const pool = await pipeline.startWorkers(workers);
        const appBefore = logProblems(pipeline.app.process.output());
        pipeline.simulator.reset();
        // The clock starts once the jobs exist and a dispatch was requested:
        // createBatch's own cost is scenario 2's figure.
        await pipeline.request(shop, jobs);
        const t0 = Date.now();
        const timeoutMs = Math.max(60_000, ((jobs * plan.renderMs) / plan.cap) * 4);
        let finished = 0;
        try {
          await waitFor(
            async () => {
              finished = await pipeline.bdb.db.videoJob.count({
                where: { shop, status: { in: ["checking", "failed", "cancelled"] } },
              });
              return finished >= jobs;
            },
            { timeoutMs, everyMs: 50, what: `${jobs} renders with ${workers} worker(s)` },
          );
        } catch {
          // Reported below as stuck jobs: the figures of what did finish still count.
        }
        await pool.stop();
        const workerProblems = logProblems(pool.processes.map((p) => p.output()).join("\n"));
        const appAfter = logProblems(pipeline.app.process.output());
        const problems = {
          failedQueueJobs: workerProblems.failedQueueJobs,
          sqliteBusy: workerProblems.sqliteBusy + appAfter.sqliteBusy - appBefore.sqliteBusy,
          callbacksRefused: appAfter.callbacksRefused - appBefore.callbacksRefused,
        };
        const events = await pipeline.bdb.db.jobEvent.findMany({ where: { shop, toStatus: "checking" }, select: { at: true } });
        const failed = await pipeline.bdb.db.videoJob.count({ where: { shop, status: "failed" } });
        const lastDone = Math.max(...events.map((e) => e.at.getTime()));
        const makespanS = (lastDone - t0) / 1000;
        const perSecond = events.length / makespanS;
        const state = pipeline.simulator.state;
        perSecondBy.set(workers, perSecond);
        maxInFlightOverall = Math.max(maxInFlightOverall, state.maxInFlight);
        const duplicates = state.counters.accepted - jobs;
        const slots = await slotBreakdown(pipeline.bdb.db, [shop], state, { startedAt: t0, cap: plan.cap });
        details[`workers_${workers}`] = {
          logProblems: problems,
          slots,
          jobs,
          completed: events.length,
          failed,
          makespanS,
          perSecond,
          maxInFlight: state.maxInFlight,
          accepted: state.counters.accepted,
          rejected429: state.counters.rejected429,
        };
        if (events.length < jobs)
          dataLoss.push(`${workers} worker(s): ${jobs - events.length - failed} of ${jobs} jobs never finished (${failed} failed)`);
        else if (failed > 0) dataLoss.push(`${workers} worker(s): ${failed} jobs failed with no fault injected`);
        const label = `${workers} worker process${workers > 1 ? "es" : ""}`;
        figures.push(
          figure({
            id: `submit.w${workers}.renders_per_s`,
            label: `${label}: renders/s (C=${plan.cap}, T=${plan.renderMs / 1000} s, N=${jobs})`,
            value: round(perSecond, 2),
            unit: "/s",
            anchor: { value: ideal, what: "C/T" },
            goal: { op: ">=", value: ideal * EFFICIENCY_GOAL },
            note: `makespan ${makespanS.toFixed(1)} s vs ideal ${((jobs * plan.renderMs) / plan.cap / 1000).toFixed(1)} s`,
          }),
          figure({
            id: `submit.w${workers}.slot_overhead_ms`,
            label: `${label}: slot held beyond the render (median)`,
            value: round(slots.slotHoldMs === null ? null : slots.slotHoldMs - plan.renderMs, 0),
            unit: "ms",
            anchor: { value: 0, what: "ideal" },
            goal: null,
            note: `p90 ${round(slots.holdP90Ms === null ? null : slots.holdP90Ms - plan.renderMs, 0)} ms; submitting -> provider ${round(slots.dispatchToProviderMs, 0)} ms (p90 ${round(slots.dispatchToProviderP90Ms, 0)}), render end -> callback applied ${round(slots.finishToAppliedMs, 0)} ms (p90 ${round(slots.finishToAppliedP90Ms, 0)}); every slot taken ${round(slots.allSlotsTakenMs, 0)} ms after the start`,
          }),
          figure({
            id: `submit.w${workers}.refill_gap_ms`,
            label: `${label}: empty slot before it is refilled (median)`,
            value: round(slots.refillGapMs, 0),
            unit: "ms",
            anchor: { value: 0, what: "ideal" },
            goal: null,
            note: `p90 ${round(slots.refillGapP90Ms, 0)} ms`,
          }),
          figure({
            id: `submit.w${workers}.failed_queue_jobs`,
            label: `${label}: queue jobs failed (retried later)`,
            value: problems.failedQueueJobs,
            unit: "",
            anchor: { value: 0, what: "ideal" },
            goal: null,
            note: `${problems.sqliteBusy} with SQLITE_BUSY; callbacks answered 503: ${problems.callbacksRefused}`,
          }),
          figure({
            id: `submit.w${workers}.max_in_flight`,
            label: `${label}: max renders in flight at the simulator`,
            value: state.maxInFlight,
            unit: "",
            anchor: { value: plan.cap, what: "C" },
            goal: { op: "<=", value: plan.cap },
          }),
          figure({
            id: `submit.w${workers}.duplicate_submissions`,
            label: `${label}: renders submitted more than once`,
            value: Math.max(0, duplicates),
            unit: "",
            anchor: { value: 0, what: "ideal" },
            goal: { op: "<=", value: 0 },
          }),
        );
      }
      // Scale-out: more worker processes must never make it slower.
      const fewest = Math.min(...plan.workerCounts);
      const most = Math.max(...plan.workerCounts);
      if (most > fewest && perSecondBy.has(fewest) && perSecondBy.has(most))
        figures.push(
          figure({
            id: `submit.w${most}_over_w${fewest}`,
            label: `renders/s with ${most} worker processes / with ${fewest}`,
            value: round(perSecondBy.get(most)! / perSecondBy.get(fewest)!, 3),
            unit: "",
            anchor: { value: 1, what: "as fast" },
            goal: { op: ">=", value: 1 },
            note: plan.workerCounts.map((w) => `${w}: ${round(perSecondBy.get(w) ?? null, 2)}/s`).join(", "),
          }),
        );
      figures.push(
        figure({
          id: "submit.max_in_flight_all",
          label: `max renders in flight at the simulator, over every process count (${plan.workerCounts.join(", ")})`,
          value: maxInFlightOverall,
          unit: "",
          anchor: { value: plan.cap, what: "C" },
          goal: { op: "<=", value: plan.cap },
        }),
      );
    } finally {
      await pipeline.stop();
    }
    return {
      figures,
      dataLoss,
      notes: [
        `renders/s = jobs / (last job's "checking" event - the createBatch call); includes the first dispatch and the last callback, amortised over ${plan.perSlot} render times.`,
        `${ctx.databases.kind}; worker processes run app/worker.ts (tsx) with RENDER_GLOBAL_CAP=${plan.cap}; callbacks go to node server.js; a finished render ends in "checking" (these workers take no clip checks; scenario 8 measures them).`,
      ],
      details,
    };
  },
});
