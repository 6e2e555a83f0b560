// Scenario 4. Shop A has thousands of jobs queued and every render slot busy;
// shop B then asks for 5. How many of A's renders start before each of B's
// (B's wait, in render slots), and how fairly the slots are shared while both
// shops have work (Jain's index per time window, against max-min fair shares).
import { defineScenario } from "../registry";
import { figure } from "../report";
import { startLivePipeline } from "../support/pipeline";
import { seedShop } from "../support/seed";
import { fairShares, jainIndex, round, waitFor } from "../support/stats";

const SHOP_A = "bench-fair-a.myshopify.com";
const SHOP_B = "bench-fair-b.myshopify.com";
const B_JOBS = 5;

interface SlotEvent {
  id: number;
  shop: string;
  at: number;
  delta: 1 | -1;
}

export default defineScenario({
  name: "fairness",
  order: 4,
  title: "Fairness between a big and a small shop",
  async run(ctx) {
    const plan = ctx.quick ? { cap: 10, renderMs: 500, aJobs: 1_000 } : { cap: 10, renderMs: 1_000, aJobs: 5_000 };
    // Spread render times: with one fixed time every slot frees at once, and
    // the windows would measure waves rather than the dispatcher.
    const pipeline = await startLivePipeline(ctx, {
      label: "fair",
      globalCap: plan.cap,
      renderTimeMs: { min: plan.renderMs / 2, max: (plan.renderMs * 3) / 2 },
    });
    const caps = { [SHOP_A]: plan.cap, [SHOP_B]: B_JOBS };
    let requestEventId = 0;
    let requestAt = 0;
    let bDone = false;
    try {
      await seedShop(pipeline.bdb.db, SHOP_A, { autoPublish: false, concurrencyCap: caps[SHOP_A] });
      await seedShop(pipeline.bdb.db, SHOP_B, { autoPublish: false, concurrencyCap: caps[SHOP_B] });
      ctx.log(`fairness: shop A queues ${plan.aJobs}, C=${plan.cap}, renders ${plan.renderMs / 2}-${(plan.renderMs * 3) / 2} ms`);
      await pipeline.request(SHOP_A, plan.aJobs);
      const pool = await pipeline.startWorkers(1);
      // B arrives once A has filled every slot and some have turned over.
      await waitFor(
        async () => (await pipeline.bdb.db.videoJob.count({ where: { shop: SHOP_A, submittedAt: { not: null } } })) >= plan.cap * 2,
        {
          timeoutMs: 120_000,
          what: "shop A's renders to be under way",
        },
      ).catch((error: Error) => {
        // What the processes said is the only clue to why nothing moved.
        const said = [...pool.processes.map((p) => p.output()), pipeline.app.process.output()].map((o) => o.slice(-1_500)).join("\n---\n");
        throw new Error(`${error.message}. Last output of the worker and the web app:\n${said}`);
      });
      requestEventId = (await pipeline.bdb.db.jobEvent.aggregate({ _max: { id: true } }))._max.id ?? 0;
      requestAt = Date.now();
      await pipeline.request(SHOP_B, B_JOBS, plan.aJobs);
      try {
        await waitFor(async () => (await pipeline.bdb.db.videoJob.count({ where: { shop: SHOP_B, status: "checking" } })) >= B_JOBS, {
          timeoutMs: 60_000,
          everyMs: 50,
          what: "shop B's renders",
        });
        bDone = true;
      } catch {
        // Reported as data loss below.
      }
      await pool.stop();

      const raw = await pipeline.bdb.db.jobEvent.findMany({
        where: { shop: { in: [SHOP_A, SHOP_B] }, OR: [{ toStatus: "submitting" }, { fromStatus: { in: ["submitting", "rendering"] } }] },
        select: { id: true, shop: true, at: true, fromStatus: true, toStatus: true },
        orderBy: { id: "asc" },
      });
      // submitting -> rendering keeps the slot; every other move out of an in-flight status frees it.
      const events: SlotEvent[] = raw
        .filter((e) => e.toStatus !== "rendering")
        .map((e) => ({ id: e.id, shop: e.shop, at: e.at.getTime(), delta: e.toStatus === "submitting" ? 1 : -1 }));
      const failed = await pipeline.bdb.db.videoJob.count({ where: { shop: { in: [SHOP_A, SHOP_B] }, status: "failed" } });

      // B's wait in slots: A's starts after B's request, before each B start.
      const bStarts = events.filter((e) => e.shop === SHOP_B && e.delta === 1);
      const aStarts = events.filter((e) => e.shop === SHOP_A && e.delta === 1 && e.id > requestEventId);
      const sinceRequest = bStarts.map((b) => aStarts.filter((a) => a.id < b.id).length);
      const betweenB = bStarts.map(
        (b, k) => aStarts.filter((a) => a.id < b.id && a.id > (k === 0 ? requestEventId : bStarts[k - 1].id)).length,
      );
      const bEnds = events.filter((e) => e.shop === SHOP_B && e.delta === -1);
      const bFinishedAt = bEnds.length === B_JOBS ? Math.max(...bEnds.map((e) => e.at)) : Date.now();

      // Jain's index per window while both shops have work (B: from its
      // request until its last render finished; A: throughout). Each shop's
      // slot-time is divided by its max-min fair share of the C slots, given
      // its demand (its own cap, or what it has left, whichever is smaller).
      const windowMs = plan.renderMs / 2;
      const stepMs = 5;
      const inFlight = new Map<string, number>([
        [SHOP_A, 0],
        [SHOP_B, 0],
      ]);
      let bOutstanding = B_JOBS;
      let cursor = 0;
      const apply = (until: number) => {
        while (cursor < events.length && events[cursor].at <= until) {
          const e = events[cursor++];
          inFlight.set(e.shop, (inFlight.get(e.shop) ?? 0) + e.delta);
          if (e.shop === SHOP_B && e.delta === -1) bOutstanding -= 1;
        }
      };
      const windows: { start: number; jain: number | null; shareB: number; fairB: number }[] = [];
      for (let start = requestAt; start < bFinishedAt; start += windowMs) {
        const used = { a: 0, b: 0 };
        const fair = { a: 0, b: 0 };
        for (let t = start; t < Math.min(start + windowMs, bFinishedAt); t += stepMs) {
          apply(t);
          const demandB = Math.min(caps[SHOP_B], Math.max(0, bOutstanding));
          const [fairA, fairB] = fairShares(plan.cap, [caps[SHOP_A], demandB]);
          used.a += inFlight.get(SHOP_A)!;
          used.b += inFlight.get(SHOP_B)!;
          fair.a += fairA;
          fair.b += fairB;
        }
        const ratios = [fair.a > 0 ? used.a / fair.a : null, fair.b > 0 ? used.b / fair.b : null].filter((x): x is number => x !== null);
        windows.push({
          start: start - requestAt,
          jain: ratios.length === 2 ? jainIndex(ratios) : null,
          shareB: used.b / Math.max(1, used.a + used.b),
          fairB: fair.b / Math.max(1, fair.a + fair.b),
        });
      }
      const jains = windows.map((w) => w.jain).filter((j): j is number => j !== null);
      const meanJain = jains.length > 0 ? jains.reduce((a, b) => a + b, 0) / jains.length : null;

      const dataLoss: string[] = [];
      if (!bDone) dataLoss.push(`shop B's ${B_JOBS} jobs did not all finish within 60 s`);
      if (failed > 0) dataLoss.push(`${failed} jobs failed with no fault injected`);
      const firstStartMs = bStarts.length > 0 ? bStarts[0].at - requestAt : null;
      return {
        figures: [
          figure({
            id: "fair.b_wait_slots_max",
            label: "Shop B: A's renders started after B's request, before a B render (worst B job)",
            value: sinceRequest.length === B_JOBS ? Math.max(...sinceRequest) : null,
            unit: "slots",
            anchor: { value: 0, what: "ideal" },
            goal: { op: "<=", value: 1 },
            note: `per B job: ${sinceRequest.join(", ")}`,
          }),
          figure({
            id: "fair.b_wait_slots_first",
            label: "Shop B: A's renders started before B's first render",
            value: sinceRequest[0] ?? null,
            unit: "slots",
            anchor: { value: 0, what: "ideal" },
            goal: null,
            note: `${firstStartMs ?? "n/a"} ms after the request`,
          }),
          figure({
            id: "fair.b_gap_slots_max",
            label: "Shop B: A's renders started between two B renders (worst gap)",
            value: betweenB.length > 0 ? Math.max(...betweenB) : null,
            unit: "slots",
            anchor: { value: 0, what: "ideal" },
            goal: null,
            note: `per B job: ${betweenB.join(", ")}`,
          }),
          figure({
            id: "fair.jain_mean",
            label: `Jain's index, ${windowMs} ms windows while both shops have work (mean)`,
            value: round(meanJain, 3),
            unit: "",
            anchor: { value: 1, what: "perfectly fair" },
            goal: null,
            note: `min ${round(jains.length ? Math.min(...jains) : null, 3)} over ${jains.length} windows`,
          }),
          figure({
            id: "fair.b_makespan_s",
            label: `Shop B: request to all ${B_JOBS} renders finished`,
            value: round((bFinishedAt - requestAt) / 1000, 2),
            unit: "s",
            anchor: { value: (plan.renderMs * 3) / 2 / 1000, what: "longest render" },
            goal: null,
          }),
        ],
        dataLoss,
        notes: [
          `C=${plan.cap}, A's cap ${caps[SHOP_A]}, B's cap ${caps[SHOP_B]}, 1 worker process; A queued ${plan.aJobs}. Slots are not pre-empted, so B's first render waits for one of A's to finish.`,
          `Jain's index per window: each shop's slot-time over its max-min fair share (B: min(cap, jobs left); A: its cap); 1 means both got their fair share.`,
        ],
        details: { sinceRequest, betweenB, windows, firstStartMs, failed },
      };
    } finally {
      await pipeline.stop();
    }
  },
});
