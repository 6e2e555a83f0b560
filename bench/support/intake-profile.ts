// Where a callback's time goes, for scenario 1: the app's intake
// (receiveProviderCallback) called in-process on a database of the same size,
// first one callback at a time (its cost, its SQL statements) and then with
// the same 16-way concurrency as the HTTP run; and what one statement costs
// through Prisma compared with the driver underneath. The gap between the
// in-process and HTTP figures is what Express, Remix and the request plumbing
// cost; the statement figures are what the database access costs.
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import pg from "pg";
import { localClipStore } from "~/clips/local-clip-store.server";
import { createDatabase, isPostgresUrl, type Database } from "~/db.server";
import { receiveProviderCallback } from "~/pipeline/callback-intake.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { producerConnection } from "~/queues/connection.server";
import { createPipelineQueues } from "~/queues/queues.server";
import type { ScenarioContext } from "../registry";
import { figure, type Figure } from "../report";
import { signedCompletedCallback } from "./callbacks";
import { BENCH_API_KEY, generationIdOf, seedRenderingJobs, seedShop } from "./seed";
import { percentile, round, shuffled } from "./stats";

export interface IntakeProfile {
  figures: Figure[];
  notes: string[];
  details: Record<string, unknown>;
}

interface QueryEvent {
  query: string;
  duration: number;
}

/** The app's own client, with query events. */
function countingClient(url: string): Database {
  return createDatabase(url, { logQueries: true });
}

function statementKind(sql: string): string {
  const word = sql.trim().split(/\s+/)[0]?.toUpperCase() ?? "?";
  return word === "WITH" ? "SELECT" : word;
}

async function timePerCall(n: number, call: (i: number) => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await call(i);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await call(i);
  return ((performance.now() - t0) / n) * 1000;
}

/** One indexed lookup of a job by generation id, four ways, in microseconds per call. */
async function statementCosts(db: Database, url: string, n: number) {
  const where = (i: number) => ({ generationId: generationIdOf(i), provider: "creativeai" });
  const sql = `SELECT "id", "shop", "status" FROM "VideoJob" WHERE "generationId" = $1 AND "provider" = $2 LIMIT 1`;
  const fullRow = await timePerCall(n, (i) => db.videoJob.findFirst({ where: where(i) }));
  const threeColumns = await timePerCall(n, (i) =>
    db.videoJob.findFirst({ where: where(i), select: { id: true, shop: true, status: true } }),
  );
  let raw: number;
  let driver: number;
  if (isPostgresUrl(url)) {
    raw = await timePerCall(n, (i) => db.$queryRawUnsafe(sql, generationIdOf(i), "creativeai"));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    driver = await timePerCall(n, (i) => client.query({ name: "by-generation", text: sql, values: [generationIdOf(i), "creativeai"] }));
    await client.end();
  } else {
    const sqliteSql = sql.replace(/\$\d/g, "?");
    raw = await timePerCall(n, (i) => db.$queryRawUnsafe(sqliteSql, generationIdOf(i), "creativeai"));
    const file = new SQLite(url.replace(/^file:/, ""), { readonly: true });
    const statement = file.prepare(sqliteSql);
    driver = await timePerCall(n, (i) => statement.get(generationIdOf(i), "creativeai"));
    file.close();
  }
  return { fullRow, threeColumns, raw, driver };
}

export async function profileIntake(
  ctx: ScenarioContext,
  options: { size: number; sequential: number; concurrent: number; concurrency: number; shop: string },
): Promise<IntakeProfile> {
  const bdb = await ctx.databases.create(`profile${options.size}`);
  const db = countingClient(bdb.url);
  const connection = producerConnection(ctx.redisUrl);
  connection.on("error", () => {});
  let queues: ReturnType<typeof createPipelineQueues> | null = null;
  try {
    // The producer connection has no offline queue: commands before it is ready fail.
    if (connection.status !== "ready") await new Promise((resolve) => connection.once("ready", resolve));
    queues = createPipelineQueues(connection, ctx.queuePrefix("profile"));
    await seedShop(bdb.db, options.shop, { autoPublish: false });
    await seedRenderingJobs(bdb, options.shop, options.size);
    const pipeline: PipelineContext = {
      db,
      queues,
      globalCap: 10,
      renderPollAfterMs: 300_000,
      renderTimeoutMs: 900_000,
      callbackOrigin: "http://127.0.0.1",
      providerBaseUrls: {},
      operatorKeys: { creativeai: BENCH_API_KEY },
      adminFor: async () => null,
      // Nothing is copied here: the profile measures callback intake only.
      clipStore: localClipStore(path.join(os.tmpdir(), "bench-intake-clips")),
    };
    const events: QueryEvent[] = [];
    (db as unknown as { $on(event: "query", cb: (e: QueryEvent) => void): void }).$on("query", (e) =>
      events.push({ query: e.query, duration: e.duration }),
    );

    const order = shuffled(
      Array.from({ length: options.size }, (_, i) => i),
      options.size + 1,
    );
    const statuses: Record<string, number> = {};
    let next = 0;
    const deliver = async () => {
      const cb = signedCompletedCallback(generationIdOf(order[next++]), BENCH_API_KEY);
      const answer = await receiveProviderCallback(pipeline, "creativeai", {
        rawBody: cb.body.toString("utf8"),
        headers: new Headers(cb.headers),
      });
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    };

    // Warm-up, then one callback alone: its statements, in order.
    for (let i = 0; i < 300; i++) await deliver();
    events.length = 0;
    await deliver();
    const single = events.splice(0);

    // One at a time: wall time per callback is its cost, nothing waits on anything else.
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < options.sequential; i++) await deliver();
    const cpu = process.cpuUsage(cpu0);
    const sequentialMs = (performance.now() - t0) / options.sequential;
    const cpuMsPerCallback = (cpu.user + cpu.system) / 1000 / options.sequential;
    const statementsPerCallback = events.length / options.sequential;
    const dbMsPerCallback = events.reduce((sum, e) => sum + e.duration, 0) / options.sequential;

    // Same concurrency as over HTTP.
    const latencies: number[] = [];
    const stop = next + options.concurrent;
    const t1 = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (next < stop) {
          const s = performance.now();
          await deliver();
          latencies.push(performance.now() - s);
        }
      }),
    );
    const concurrentPerSecond = options.concurrent / ((performance.now() - t1) / 1000);

    const costs = await statementCosts(bdb.db, bdb.url, 2_000);
    const kinds: Record<string, number> = {};
    for (const e of single) kinds[statementKind(e.query)] = (kinds[statementKind(e.query)] ?? 0) + 1;
    const applied = await bdb.db.videoJob.count({ where: { status: "checking" } });
    const us = (v: number) => round(v, 0);

    const figures = [
      figure({
        id: "profile.inprocess_callbacks_per_s",
        label: `Profile: intake in-process (no HTTP), 16 at once, ${options.size.toLocaleString("en-US")} jobs`,
        value: round(concurrentPerSecond, 1),
        unit: "/s",
        anchor: { value: 1_500, what: "route goal" },
        goal: null,
        note: `p99 ${round(percentile(latencies, 99), 1)} ms`,
      }),
      figure({
        id: "profile.cpu_ms_per_callback",
        label: "Profile: intake in-process, CPU per callback",
        value: round(cpuMsPerCallback, 2),
        unit: "ms",
        anchor: { value: 1000 / 1_500, what: "budget for 1,500/s on one core" },
        goal: null,
        note: `wall ${round(sequentialMs, 2)} ms one at a time`,
      }),
      figure({
        id: "profile.statements_per_callback",
        label: "Profile: SQL statements per callback",
        value: round(statementsPerCallback, 1),
        unit: "",
        anchor: null,
        goal: null,
        note: `one callback: ${JSON.stringify(kinds)} plus BEGIN`,
      }),
      figure({
        id: "profile.db_ms_per_callback",
        label: "Profile: of which inside Prisma statements (query event durations)",
        value: round(dbMsPerCallback, 2),
        unit: "ms",
        anchor: null,
        goal: null,
      }),
      figure({
        id: "profile.stmt_us.prisma_full_row",
        label: "Profile: job by generation id, Prisma findFirst (full row)",
        value: us(costs.fullRow),
        unit: "µs",
        anchor: { value: costs.driver, what: "driver" },
        goal: null,
      }),
      figure({
        id: "profile.stmt_us.prisma_select",
        label: "Profile: same, Prisma findFirst (3 columns)",
        value: us(costs.threeColumns),
        unit: "µs",
        anchor: { value: costs.driver, what: "driver" },
        goal: null,
      }),
      figure({
        id: "profile.stmt_us.prisma_raw",
        label: "Profile: same, Prisma $queryRaw",
        value: us(costs.raw),
        unit: "µs",
        anchor: { value: costs.driver, what: "driver" },
        goal: null,
      }),
      figure({
        id: "profile.stmt_us.driver",
        label: `Profile: same, the driver alone (${isPostgresUrl(bdb.url) ? "pg, prepared" : "better-sqlite3, prepared"})`,
        value: round(costs.driver, 1),
        unit: "µs",
        anchor: null,
        goal: null,
      }),
    ];
    return {
      figures,
      notes: [
        `Profile (in-process, ${options.size.toLocaleString("en-US")} jobs): ${cpuMsPerCallback.toFixed(2)} ms CPU per callback (${sequentialMs.toFixed(2)} ms wall one at a time), ` +
          `${statementsPerCallback.toFixed(1)} SQL statements each (${JSON.stringify(kinds)} + BEGIN); ${concurrentPerSecond.toFixed(0)}/s with 16 at once; ` +
          `one indexed lookup costs ${costs.fullRow.toFixed(0)} µs through Prisma (full row), ${costs.threeColumns.toFixed(0)} µs (3 columns), ` +
          `${costs.raw.toFixed(0)} µs ($queryRaw), ${costs.driver.toFixed(0)} µs through the driver; answers ${JSON.stringify(statuses)}; ${applied} jobs applied.`,
      ],
      details: {
        sequentialMs,
        cpuMsPerCallback,
        statementsPerCallback,
        dbMsPerCallback,
        concurrentPerSecond,
        statementCostsUs: costs,
        singleCallbackStatements: single.map((e) => e.query),
        statuses,
      },
    };
  } finally {
    await queues?.close().catch(() => {});
    await connection.quit().catch(() => {});
    await db.$disconnect();
    await bdb.drop();
  }
}
