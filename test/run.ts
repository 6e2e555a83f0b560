// `npm test`: the whole suite, as CI runs it.
//   1. every test on SQLite (the embedded default),
//   2. every database test (*.db.test.ts) again on Postgres,
//   3. the browser tests (test/browser) against the sandbox in Chromium.
// Ends with one line "N passed, N failed, N skipped" summed over the passes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    only: { type: "string" }, // sqlite | postgres | browser
  },
});

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-results-"));

function hasPostgres(): boolean {
  const candidates = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql") : [];
  return (
    candidates.some((v) => fs.existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) ||
    spawnSync("sh", ["-c", "command -v initdb"]).status === 0
  );
}

function runPass(name: string, args: string[], env: Record<string, string>): void {
  const report = path.join(outDir, `${name}.json`);
  console.log(`\n=== ${name} ===`);
  const result = spawnSync(
    process.execPath,
    [
      path.join("node_modules", "vitest", "vitest.mjs"),
      "run",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${report}`,
      ...args,
    ],
    { stdio: "inherit", env: { ...process.env, ...env } },
  );
  if (!fs.existsSync(report)) {
    console.log(`${name}: the test runner stopped before reporting (exit ${result.status})`);
    totals.failed += 1;
    return;
  }
  const json = JSON.parse(fs.readFileSync(report, "utf8")) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  if (json.numPassedTests + json.numFailedTests === 0) {
    console.log(`${name}: no test ran, which is a failure of the suite itself`);
    totals.failed += 1;
    return;
  }
  totals.passed += json.numPassedTests;
  // A test file that fails to load counts as a failure even though no test ran.
  totals.failed += json.numFailedTests + (json.numFailedTests === 0 ? json.numFailedTestSuites : 0);
  totals.skipped += json.numPendingTests + json.numTodoTests;
  console.log(`${name}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
}

const only = values.only;
if (!only || only === "sqlite") runPass("sqlite", positionals, { TEST_DATABASE: "sqlite" });
if (!only || only === "postgres") {
  if (hasPostgres() || process.env.TEST_POSTGRES_URL) {
    runPass("postgres", positionals.length ? positionals : [".db.test."], { TEST_DATABASE: "postgres" });
  } else if (process.env.CI) {
    console.log("Postgres is not installed (apt-get install -y postgresql); CI needs it.");
    totals.failed += 1;
  } else {
    console.log("\nPostgres pass skipped: no Postgres server binaries (apt-get install -y postgresql).");
  }
}
if ((!only || only === "browser") && fs.existsSync("test/browser/vitest.config.ts")) {
  runPass("browser", ["--config", "test/browser/vitest.config.ts", ...positionals], {});
}

fs.rmSync(outDir, { recursive: true, force: true });
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
