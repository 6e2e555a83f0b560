// Scenario 10. A whole day's work at once: 10,000 jobs over 20 shops of mixed
// sizes, renders of 20-40 s (the simulator scales its clock down), real worker
// processes and the built web app. The best any scheduler can do with C slots
// is ceil(N / C) render times; how close the pipeline gets, and whether the
// smallest shop, asking while every slot is busy, sees its first clip within
// one render time.
import { defineScenario } from "../registry";
import { figure } from "../report";
import { startLivePipeline } from "../support/pipeline";
import { seedShop } from "../support/seed";
import { percentile, round, waitFor } from "../support/stats";

/** Jobs per shop, largest first; the last (smallest) shop asks once the run is under way. */
const FULL_SHOPS = [3_000, 2_000, 1_200, 800, 600, 500, 400, 300, 250, 200, 180, 150, 120, 100, 60, 50, 40, 25, 15, 10];
const QUICK_SHOPS = [150, 80, 40, 20, 7, 3];
const GOAL_SHARE_OF_IDEAL = 0.95;

export default defineScenario({
  name: "end-to-end",
  order: 10,
  title: "End to end: 10,000 jobs over 20 shops",
  async run(ctx) {
    const plan = ctx.quick
      ? { shops: QUICK_SHOPS, cap: 10, workers: 2, timeScale: 0.01 }
      : { shops: FULL_SHOPS, cap: 50, workers: 2, timeScale: 0.04 };
    const renderTimeMs = { min: 20_000, max: 40_000 };
    const longestRenderMs = renderTimeMs.max * plan.timeScale;
    const total = plan.shops.reduce((a, b) => a + b, 0);
    const shopName = (i: number) => `bench-e2e-${String(i + 1).padStart(2, "0")}.myshopify.com`;
    const shops = plan.shops.map((_, i) => shopName(i));
    const smallest = shops.at(-1)!;

    const pipeline = await startLivePipeline(ctx, { label: "e2e", globalCap: plan.cap, renderTimeMs, timeScale: plan.timeScale });
    const db = pipeline.bdb.db;
    try {
      // Every shop may use every slot: only the global cap and the dispatcher's fairness decide.
      for (const shop of shops) await seedShop(db, shop, { autoPublish: false, concurrencyCap: plan.cap });
      const pool = await pipeline.startWorkers(plan.workers);
      ctx.log(
        `end to end: ${total} jobs over ${shops.length} shops, C=${plan.cap}, renders ${renderTimeMs.min * plan.timeScale}-${longestRenderMs} ms`,
      );

      const t0 = Date.now();
      let offset = 0;
      for (const [i, count] of plan.shops.slice(0, -1).entries()) {
        await pipeline.request(shops[i], count, offset);
        offset += count;
      }
      // The smallest shop asks once every slot is busy and some have turned over.
      await waitFor(async () => (await db.videoJob.count({ where: { submittedAt: { not: null } } })) >= plan.cap * 2, {
        timeoutMs: 120_000,
        what: "the run to be under way",
      });
      const smallRequestAt = Date.now();
      await pipeline.request(smallest, plan.shops.at(-1)!, offset);

      const ideal = Math.ceil(total / plan.cap) * ((renderTimeMs.min + renderTimeMs.max) / 2) * plan.timeScale;
      let finished = 0;
      try {
        await waitFor(
          async () => {
            finished = await db.videoJob.count({ where: { status: { in: ["checking", "failed", "cancelled"] } } });
            return finished >= total;
          },
          { timeoutMs: Math.max(60_000, ideal * 3), everyMs: 250, what: `${total} renders` },
        );
      } catch {
        // Reported below: what finished still counts.
      }
      await pool.stop();

      const done = await db.jobEvent.findMany({ where: { toStatus: "checking" }, select: { shop: true, at: true } });
      const failed = await db.videoJob.count({ where: { status: "failed" } });
      const makespanMs = Math.max(...done.map((e) => e.at.getTime())) - t0;
      // The ideal from the render times the simulator actually drew, not the range's middle.
      const renders = [...pipeline.simulator.state.renders.values()].filter((r) => r.finishedAt !== null);
      const meanRenderMs = renders.reduce((a, r) => a + (r.finishedAt! - r.submittedAt), 0) / Math.max(1, renders.length);
      const idealMs = Math.ceil(total / plan.cap) * meanRenderMs;
      const smallFirstMs = Math.min(...done.filter((e) => e.shop === smallest).map((e) => e.at.getTime())) - smallRequestAt;
      // Each shop's last clip, from the start: the big shops finish last, the small ones early.
      const shopDone = shops.map((shop) => Math.max(...done.filter((e) => e.shop === shop).map((e) => e.at.getTime())) - t0);
      const state = pipeline.simulator.state;

      const dataLoss: string[] = [];
      if (done.length < total) dataLoss.push(`${total - done.length - failed} of ${total} jobs never finished (${failed} failed)`);
      else if (failed > 0) dataLoss.push(`${failed} jobs failed with no fault injected`);
      return {
        figures: [
          figure({
            id: "e2e.share_of_ideal",
            label: `${total.toLocaleString("en-US")} jobs, ${shops.length} shops: ideal makespan / actual (C=${plan.cap})`,
            value: round(idealMs / makespanMs, 3),
            unit: "",
            anchor: { value: 1, what: "ceil(N/C) x mean render" },
            goal: { op: ">=", value: GOAL_SHARE_OF_IDEAL },
            note: `makespan ${(makespanMs / 1000).toFixed(1)} s vs ideal ${(idealMs / 1000).toFixed(1)} s (mean render ${Math.round(meanRenderMs)} ms)`,
          }),
          figure({
            id: "e2e.smallest_first_clip_ms",
            label: `Smallest shop (${plan.shops.at(-1)} jobs, asked mid-run): request to its first render finished`,
            value: round(smallFirstMs, 0),
            unit: "ms",
            anchor: { value: longestRenderMs, what: "one render time (longest)" },
            goal: { op: "<=", value: longestRenderMs },
          }),
          figure({
            id: "e2e.max_in_flight",
            label: "max renders in flight at the simulator",
            value: state.maxInFlight,
            unit: "",
            anchor: { value: plan.cap, what: "C" },
            goal: { op: "<=", value: plan.cap },
          }),
          figure({
            id: "e2e.duplicate_submissions",
            label: "renders submitted more than once",
            value: Math.max(0, state.counters.accepted - total),
            unit: "",
            anchor: { value: 0, what: "ideal" },
            goal: { op: "<=", value: 0 },
          }),
        ],
        dataLoss,
        notes: [
          `${plan.workers} worker processes and node server.js on ${ctx.databases.kind}; render times ${renderTimeMs.min / 1000}-${renderTimeMs.max / 1000} s scaled by ${plan.timeScale}; every shop's own cap is C, so only the global cap and the dispatcher's round-robin share the slots.`,
          `The run ends at each render finished and applied ("checking"). Publishing is not in it: a clip's checks cost about 1 s of CPU (scenario 8), which on this machine's 2 cores would make the run about checking ${total.toLocaleString("en-US")} clips; scenarios 5 and 8 measure publishing and checks.`,
          `Shops' last render finished, s after the start (largest first): ${shopDone.map((ms) => (ms / 1000).toFixed(1)).join(", ")}; p50 of render time ${round(
            percentile(
              renders.map((r) => r.finishedAt! - r.submittedAt),
              50,
            ),
            0,
          )} ms.`,
        ],
        details: { shops: plan.shops, total, cap: plan.cap, makespanMs, idealMs, meanRenderMs, smallFirstMs, shopDone, failed },
      };
    } finally {
      await pipeline.stop();
    }
  },
});
