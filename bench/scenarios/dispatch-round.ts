// Scenario 9. What one dispatch round costs as the queue grows: 50 shops of
// mixed sizes with 1,000 and then 100,000 jobs queued, the global cap nearly
// reached (every round claims the same few free slots), timed in process on
// the bench's database. The goal is a round at 100,000 queued costing at most
// 3x the round at 1,000. Beside it, the statement the round used to start
// with (a GROUP BY over every queued row), timed the same way.
import crypto from "node:crypto";
import path from "node:path";
import { localClipStore } from "~/clips/local-clip-store.server";
import { dispatchRound } from "~/pipeline/dispatch.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { WAITING_COUNT_CAP, waitingShops } from "~/pipeline/waiting-shops.server";
import { workerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import { defineScenario, type ScenarioContext } from "../registry";
import { figure, type Figure } from "../report";
import { bulkInsert, type Row } from "../support/bulk-insert";
import type { BenchDatabase } from "../support/database";
import { BENCH_MODEL, seedShop } from "../support/seed";
import { round } from "../support/stats";

const SHOPS = 50;
/** Slots left free before every round: what the round claims. */
const FREE_SLOTS = 4;
/** Every shop but the last FREE_SLOTS has one render in flight; with a global cap of SHOPS the cap is FREE_SLOTS short. */
const GLOBAL_CAP = SHOPS;

const shopName = (i: number) => `bench-dispatch-${String(i).padStart(2, "0")}.myshopify.com`;

/** Shop i gets a share proportional to i + 1: a few shops with a handful waiting, a few with thousands. */
function queuedPerShop(total: number): number[] {
  const weight = (SHOPS * (SHOPS + 1)) / 2;
  const counts = Array.from({ length: SHOPS }, (_, i) => Math.max(1, Math.floor((total * (i + 1)) / weight)));
  counts[SHOPS - 1] += total - counts.reduce((a, b) => a + b, 0);
  return counts;
}

function jobRow(shop: string, batchId: string, i: number, status: string, at: Date): Row {
  return {
    id: crypto.randomUUID(),
    shop,
    batchId,
    productId: `gid://shopify/Product/${3_000_000 + i}`,
    productTitle: `Bench product ${i}`,
    sku: `SKU-${i}`,
    imageUrl: `https://cdn.example.com/catalog/${i}.jpg`,
    prompt: "5-second product hero shot, slow camera push",
    model: BENCH_MODEL,
    duration: 5,
    aspectRatio: "16:9",
    requestKey: crypto.createHash("sha256").update(`${shop}:${i}`).digest("hex"),
    provider: "creativeai",
    status,
    generationId: status === "rendering" ? `vgen_dispatch_${i}` : null,
    submitAttempts: status === "rendering" ? 1 : 0,
    estimatedCredits: 3,
    failoverUsed: false,
    createdAt: at,
    submittedAt: status === "rendering" ? at : null,
    renderStartedAt: status === "rendering" ? at : null,
    updatedAt: at,
  };
}

async function seedQueue(ctx: ScenarioContext, target: BenchDatabase, total: number) {
  const counts = queuedPerShop(total);
  let index = 0;
  for (let s = 0; s < SHOPS; s++) {
    const shop = shopName(s);
    await seedShop(target.db, shop, { concurrencyCap: 4 });
    const batchId = crypto.randomUUID();
    const at = new Date(Date.now() - 60_000);
    await target.db.batch.create({ data: { id: batchId, shop, source: "sandbox", title: "Bench catalog", jobCount: counts[s] + 1 } });
    const jobs: Row[] = [];
    if (s < SHOPS - FREE_SLOTS) jobs.push(jobRow(shop, batchId, index++, "rendering", at));
    // Created a millisecond apart, as a batch's rows are: the round takes each shop's oldest.
    for (let k = 0; k < counts[s]; k++) jobs.push(jobRow(shop, batchId, index++, "queued", new Date(at.getTime() + k)));
    await bulkInsert(target, "VideoJob", jobs);
    await bulkInsert(
      target,
      "JobEvent",
      jobs.map((j) => ({ jobId: j.id, shop, fromStatus: null, toStatus: "queued", detail: "Added to “Bench catalog”", at })),
    );
  }
  ctx.log(`dispatch round: ${total} queued over ${SHOPS} shops (${Math.min(...counts)} to ${Math.max(...counts)} each)`);
}

const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const elapsedMs = async (work: () => Promise<unknown>) => {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
};

interface Sample {
  round: number[];
  claimed: number[];
  waitingShops: number[];
  oldCount: number[];
}

/** One timed round, and the claimed jobs put back so every round sees the same queue and the same free slots. */
async function sampleOnce(pipeline: PipelineContext, kind: "sqlite" | "postgres", into: Sample | null) {
  let dispatched: string[] = [];
  const roundMs = await elapsedMs(async () => {
    dispatched = (await dispatchRound(pipeline)).dispatched;
  });
  // Not a move the app makes: the bench's own reset.
  await pipeline.db.videoJob.updateMany({ where: { id: { in: dispatched } }, data: { status: "queued", submittedAt: null } });
  const waitingMs = await elapsedMs(() => pipeline.db.$transaction((tx) => waitingShops(tx, kind)));
  const oldMs = await elapsedMs(() => pipeline.db.videoJob.groupBy({ by: ["shop"], where: { status: "queued" }, _count: { _all: true } }));
  if (!into) return;
  into.round.push(roundMs);
  into.claimed.push(dispatched.length);
  into.waitingShops.push(waitingMs);
  into.oldCount.push(oldMs);
}

const WARM_UP = 3;

export default defineScenario({
  name: "dispatch-round",
  order: 9,
  title: "A dispatch round as the queue grows",
  async run(ctx) {
    const sizes = ctx.quick ? [1_000, 10_000] : [1_000, 100_000];
    const rounds = ctx.quick ? 7 : 31;
    const connection = workerConnection(ctx.redisUrl);
    const queues = createPipelineQueues(connection, ctx.queuePrefix("dispatch"));
    const targets: BenchDatabase[] = [];
    try {
      const pipelines: PipelineContext[] = [];
      for (const size of sizes) {
        const target = await ctx.databases.create(`dispatch${size}`);
        targets.push(target);
        await seedQueue(ctx, target, size);
        pipelines.push({
          db: target.db,
          queues,
          globalCap: GLOBAL_CAP,
          renderPollAfterMs: 3_600_000,
          renderTimeoutMs: 3_600_000,
          callbackOrigin: "http://127.0.0.1:1",
          providerBaseUrls: {},
          operatorKeys: {},
          // A dispatch round neither calls Shopify nor touches a clip.
          adminFor: async () => null,
          clipStore: localClipStore(path.join(ctx.scratchDir, "dispatch-clips")),
        });
      }
      // The two queues take turns, so a change in the machine's load falls on both alike.
      const samples: Sample[] = sizes.map(() => ({ round: [], claimed: [], waitingShops: [], oldCount: [] }));
      for (let r = 0; r < WARM_UP + rounds; r++) {
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        for (const i of order) await sampleOnce(pipelines[i], targets[i].kind, r >= WARM_UP ? samples[i] : null);
      }

      const figures: Figure[] = [];
      const dataLoss: string[] = [];
      sizes.forEach((size, i) => {
        const s = samples[i];
        const wrong = s.claimed.filter((n) => n !== FREE_SLOTS).length;
        if (wrong > 0) dataLoss.push(`${wrong} of ${rounds} rounds at ${size} queued did not claim exactly the ${FREE_SLOTS} free slots`);
        const n = size.toLocaleString("en-US");
        figures.push(
          figure({
            id: `dispatch.round_ms.${size}`,
            label: `One dispatch round, ${n} queued over ${SHOPS} shops (median of ${rounds})`,
            value: round(median(s.round), 2),
            unit: "ms",
            anchor: null,
            goal: null,
            note: `claims ${FREE_SLOTS} slots; min ${round(Math.min(...s.round), 2)}, max ${round(Math.max(...s.round), 2)} ms`,
          }),
          figure({
            id: `dispatch.waiting_shops_ms.${size}`,
            label: `Its read of the waiting shops (each counted up to ${WAITING_COUNT_CAP}), ${n} queued`,
            value: round(median(s.waitingShops), 2),
            unit: "ms",
            anchor: null,
            goal: null,
          }),
          figure({
            id: `dispatch.old_count_ms.${size}`,
            label: `The count it replaced (GROUP BY over every queued row), ${n} queued`,
            value: round(median(s.oldCount), 2),
            unit: "ms",
            anchor: null,
            goal: null,
          }),
        );
      });
      const ratio = median(samples[1].round) / median(samples[0].round);
      const oldRatio = median(samples[1].oldCount) / median(samples[0].oldCount);
      figures.push(
        figure({
          id: "dispatch.round_cost_ratio",
          label: `Dispatch round at ${sizes[1].toLocaleString("en-US")} queued over the round at ${sizes[0].toLocaleString("en-US")}`,
          value: round(ratio, 2),
          unit: "x",
          anchor: { value: 1, what: "same cost" },
          goal: { op: "<=", value: 3 },
          note: `the replaced GROUP BY alone: ${round(oldRatio, 1)}x`,
        }),
      );
      return {
        figures,
        dataLoss,
        notes: [
          `${SHOPS} shops, queued jobs shared in proportion 1:2:…:${SHOPS}; global cap ${GLOBAL_CAP} with ${GLOBAL_CAP - FREE_SLOTS} renders in flight, so each round claims ${FREE_SLOTS}. Timed in process: dispatchRound whole (lock, recorded callbacks, waiting shops, settings, claims, submissions queued in Redis), the two queues taking turns; the claimed jobs are put back between rounds.`,
        ],
        details: Object.fromEntries(
          sizes.map((size, i) => [
            String(size),
            Object.fromEntries(Object.entries(samples[i]).map(([k, v]: [string, number[]]) => [k, v.map((x) => round(x, 3))])),
          ]),
        ),
      };
    } finally {
      for (const target of targets) await target.drop().catch(() => {});
      await queues.close();
      connection.disconnect();
    }
  },
});
