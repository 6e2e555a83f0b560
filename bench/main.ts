// `npm run bench [-- --quick] [--only <scenario>] [--postgres]`
// Starts what the scenarios need (Redis, a database, the built web app on
// demand), runs them, writes bench/results.json and prints the table. Exits
// non-zero only when a scenario crashed or lost data, never on timing.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startLocalRedis, type LocalRedis } from "../scripts/local-services/redis";
import { loadScenarios, selectScenarios, type ScenarioContext } from "./registry";
import { machineInfo, printTable, writeResults, type ScenarioResult } from "./report";
import { stopAllChildren } from "./support/child-process";
import { startDatabaseFactory, type DatabaseFactory } from "./support/database";
import { BENCH_DIR, makeScratchDir } from "./support/paths";
import { snapshotBuild, startWebApp, type WebSnapshot } from "./support/web-app";

interface Options {
  quick: boolean;
  only: string | null;
  postgres: boolean;
}

const USAGE = `Usage: npm run bench -- [--quick] [--only <name|number>[,...]] [--postgres]
  --quick      smaller sizes, whole run under a minute (CI smoke)
  --only       run only these scenarios (names or numbers, comma-separated)
  --postgres   run on a throw-away Postgres instead of a SQLite file`;

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, only: null, postgres: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") options.quick = true;
    else if (arg === "--postgres") options.postgres = true;
    else if (arg === "--only") options.only = argv[++i] ?? null;
    else if (arg.startsWith("--only=")) options.only = arg.slice("--only=".length);
    else if (arg === "--help" || arg === "-h") {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`Unknown option ${arg}\n${USAGE}`);
  }
  if (argv.includes("--only") && !options.only) throw new Error(`--only needs a scenario\n${USAGE}`);
  return options;
}

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const scenarios = selectScenarios(await loadScenarios(), options.only);
  const started = Date.now();
  // Other work on the machine skews every timing: recorded so a reader can tell.
  const loadAtStart = os.loadavg();
  const scratchDir = makeScratchDir();
  let redis: LocalRedis | null = null;
  let databases: DatabaseFactory | null = null;
  let web: WebSnapshot | null = null;
  const results: ScenarioResult[] = [];

  const cleanup = async () => {
    await stopAllChildren();
    await redis?.stop().catch(() => {});
    await databases?.stop().catch(() => {});
    web?.remove();
    fs.rmSync(scratchDir, { recursive: true, force: true });
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping everything the bench started`);
      void cleanup().finally(() => process.exit(130));
    });
  }

  try {
    redis = await startLocalRedis();
    databases = await startDatabaseFactory({ postgres: options.postgres, dir: scratchDir });
    log(`Redis at ${redis.url}, ${databases.kind} databases, scratch ${scratchDir}`);
    const ctx: ScenarioContext = {
      quick: options.quick,
      databases,
      redisUrl: redis.url,
      scratchDir,
      queuePrefix: (label) => `bench-${label}-${crypto.randomBytes(3).toString("hex")}`,
      async startWebApp(env) {
        web ??= snapshotBuild(log);
        return startWebApp(web.dir, env);
      },
      log,
    };

    for (const scenario of scenarios) {
      log(`scenario ${scenario.order} ${scenario.name}: ${scenario.title}`);
      const t0 = Date.now();
      try {
        const output = await scenario.run(ctx);
        results.push({
          name: scenario.name,
          order: scenario.order,
          title: scenario.title,
          status: output.dataLoss.length > 0 ? "data-loss" : "ok",
          durationMs: Date.now() - t0,
          ...output,
        });
      } catch (error) {
        log(`scenario ${scenario.name} crashed: ${error instanceof Error ? error.stack : String(error)}`);
        results.push({
          name: scenario.name,
          order: scenario.order,
          title: scenario.title,
          status: "crashed",
          durationMs: Date.now() - t0,
          figures: [],
          dataLoss: [],
          notes: [],
          error: error instanceof Error ? error.message : String(error),
        });
        // Whatever the crashed scenario left running must not skew the next one.
        await stopAllChildren();
      }
    }
  } finally {
    await cleanup();
  }

  // Assigned inside the context's closure, which the compiler cannot follow.
  const buildInfo = (web as WebSnapshot | null)?.build ?? null;
  const run = {
    date: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    mode: options.quick ? "quick" : "full",
    database: options.postgres ? "postgres" : "sqlite",
    only: options.only,
    machine: machineInfo(),
    loadAverage: { start: loadAtStart.map((l) => Math.round(l * 100) / 100), end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
    webAppBuild: buildInfo,
  };
  // A quick run is a smoke test: it never replaces the full run's figures.
  const file = options.quick ? path.join(BENCH_DIR, "out", "results-quick.json") : path.join(BENCH_DIR, "results.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeResults(file, run, results);
  console.log(
    `\nCatalog Motion bench, ${run.mode} run on ${run.database}, ${run.machine.cpus} CPUs (${run.machine.cpuModel}), node ${run.machine.node}, commit ${run.machine.gitCommit?.slice(0, 10) ?? "unknown"}${run.machine.gitDirty ? " (with uncommitted changes)" : ""}\n`,
  );
  if (loadAtStart[0] > run.machine.cpus / 2)
    console.log(`Load average at start was ${loadAtStart[0].toFixed(2)}: something else was running; timings are pessimistic.\n`);
  printTable(results);
  console.log(`\nResults: ${path.relative(process.cwd(), file)} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return results.some((r) => r.status !== "ok") ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
