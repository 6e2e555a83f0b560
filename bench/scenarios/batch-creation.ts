// Scenario 2. createBatch for 10,000 and 100,000 SKUs, each in a child
// process of its own so the peak RSS is that batch's: seconds and peak memory.
import { serviceNodeArgs } from "~/config/node-flags";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { defineScenario } from "../registry";
import { figure, type Figure } from "../report";
import { BENCH_DIR, ROOT } from "../support/paths";
import { profileInserts } from "../support/insert-profile";
import { seedShop } from "../support/seed";
import { round } from "../support/stats";

const run = promisify(execFile);
const SHOP = "bench-batches.myshopify.com";
/** Seconds: 10,000 in 2 s and 100,000 in 20 s, i.e. 5,000 jobs/s (the quick run's 5,000 in 1 s). */
const GOALS: Record<number, number> = { 5_000: 1, 10_000: 2, 100_000: 20 };
const RSS_GOAL_MB = 300;
const MB = 1024 * 1024;

interface ChildResult {
  seconds: number;
  created: number;
  reused: number;
  peakRssBytes: number;
  peakSource: string;
  rssBeforeBytes: number;
}

export default defineScenario({
  name: "batch-creation",
  order: 2,
  title: "Batch creation (createBatch, in-process)",
  async run(ctx) {
    const sizes = ctx.quick ? [5_000] : [10_000, 100_000];
    const figures: Figure[] = [];
    const dataLoss: string[] = [];
    const details: Record<string, unknown> = {};
    for (const size of sizes) {
      const bdb = await ctx.databases.create(`batch${size}`);
      try {
        await seedShop(bdb.db, SHOP);
        ctx.log(`batches: createBatch with ${size} items`);
        const { stdout } = await run(
          process.execPath,
          serviceNodeArgs(path.join(BENCH_DIR, "support", "batch-child.ts"), bdb.url, SHOP, String(size)),
          {
            cwd: ROOT,
            env: { ...process.env, LOG_LEVEL: "warn" },
            maxBuffer: 16 * MB,
            timeout: 300_000,
          },
        );
        const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildResult;
        details[size] = result;
        const jobs = await bdb.db.videoJob.count({ where: { shop: SHOP, status: "queued" } });
        const events = await bdb.db.jobEvent.count({ where: { shop: SHOP, toStatus: "queued" } });
        if (result.created !== size || jobs !== size || events !== size) {
          dataLoss.push(
            `createBatch(${size}) reported ${result.created} created; database holds ${jobs} queued jobs and ${events} timeline events`,
          );
        }
        const label = size.toLocaleString("en-US");
        figures.push(
          figure({
            id: `batch.${size}.seconds`,
            label: `createBatch, ${label} SKUs: time`,
            value: round(result.seconds, 2),
            unit: "s",
            anchor: { value: GOALS[size], what: "goal" },
            goal: { op: "<=", value: GOALS[size] },
            note: `${Math.round(size / result.seconds).toLocaleString("en-US")} jobs/s`,
          }),
          figure({
            id: `batch.${size}.peak_rss_mb`,
            label: `createBatch, ${label} SKUs: peak RSS of the process`,
            value: round(result.peakRssBytes / MB, 0),
            unit: "MB",
            anchor: { value: RSS_GOAL_MB, what: "goal" },
            goal: { op: "<=", value: RSS_GOAL_MB },
            note: `${round(result.rssBeforeBytes / MB, 0)} MB before the call (runtime, Prisma, the items); ${result.peakSource}`,
          }),
        );
      } finally {
        await bdb.drop();
      }
    }
    // Only where it explains a miss, and not in the CI smoke run (time).
    if (!ctx.quick && figures.some((f) => f.met === false)) {
      ctx.log("batches: profiling the inserts");
      const profile = await profileInserts(ctx, 5_000);
      figures.push(...profile.figures);
      details.insertProfile = profile.details;
    }
    return {
      figures,
      dataLoss,
      notes: [
        `${ctx.databases.kind}; createBatch called with no queues (no dispatch request), so the figures are the database work and the process's memory. The items are handed over one at a time, as the CSV, bulk and page readers hand them; peak RSS includes the Node/tsx runtime.`,
      ],
      details,
    };
  },
});
