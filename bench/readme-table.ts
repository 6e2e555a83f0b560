// `npm run bench:table [-- --write]`: the figures of bench/results.json that
// have a goal, plus what they are read against, as the Markdown table the
// README shows, SQLite and Postgres side by side. With --write it replaces the
// table in README.md.
import fs from "node:fs";
import path from "node:path";
import { readResults, type Figure, type StoredRun } from "./report";
import { BENCH_DIR } from "./support/paths";

const runs = readResults(path.join(BENCH_DIR, "results.json"));
const databases = (["sqlite", "postgres"] as const).filter((d) => runs[d]);
const NAMES = { sqlite: "SQLite", postgres: "Postgres" } as const;

const number = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3))));
const valueOf = (f: Figure | undefined) =>
  !f || f.value === null ? "n/a" : `${number(f.value)}${f.unit ? ` ${f.unit}` : ""}`.replace(" /", "/");
const goalOf = (f: Figure) =>
  f.goal ? `${f.goal.op === ">=" ? "≥" : "≤"} ${number(f.goal.value)}${f.unit ? ` ${f.unit}` : ""}`.replace(" /", "/") : "";
const metOf = (f: Figure | undefined) => (!f || f.met === null ? "" : f.met ? "yes" : "**no**");
// Goals, plus what they are read against: both receivers' rates, the seeds' losses, the HTTP floor, Jain's index.
const shown = (f: Figure) => f.goal !== null || /callbacks\/s|^Seeds' receiver: lost|HTTP floor|Jain/.test(f.label);

function describe(run: StoredRun): string {
  const commits = [...new Set(run.scenarios.map((s) => (s.measured?.gitCommit ?? run.machine.gitCommit)?.slice(0, 10) ?? "?"))];
  const dates = [...new Set(run.scenarios.map((s) => (s.measured?.date ?? run.date).slice(0, 10)))];
  return `${NAMES[run.database as keyof typeof NAMES] ?? run.database}: ${run.mode} run, ${run.machine.cpus} CPUs (${run.machine.cpuModel}), Node ${run.machine.node}, ${dates.join(" and ")}, commit ${commits.join(" and ")}.`;
}

// One row per figure, the databases side by side.
const rows = new Map<string, { order: number; figure: Figure; by: Partial<Record<string, Figure>> }>();
for (const database of databases) {
  for (const scenario of runs[database].scenarios) {
    for (const f of scenario.figures.filter(shown)) {
      const row = rows.get(f.id) ?? { order: scenario.order, figure: f, by: {} };
      row.by[database] = f;
      rows.set(f.id, row);
    }
  }
}
const lines = [
  ...databases.map((d) => describe(runs[d])),
  "",
  `| # | Figure | ${databases.map((d) => NAMES[d]).join(" | ")} | Goal | Met |`,
  `|---|---|${databases.map(() => "---|").join("")}---|---|`,
];
for (const { order, figure: f, by } of [...rows.values()].sort((a, b) => a.order - b.order)) {
  const goal = goalOf(f) || (f.label.startsWith("Seeds") ? "reference" : "—");
  const met = databases.map((d) => metOf(by[d])).filter(Boolean);
  lines.push(`| ${order} | ${f.label} | ${databases.map((d) => valueOf(by[d])).join(" | ")} | ${goal} | ${met.join(" / ")} |`);
}
const table = lines.join("\n");
if (process.argv.includes("--write")) {
  const readme = path.join(BENCH_DIR, "..", "README.md");
  const text = fs.readFileSync(readme, "utf8");
  const marked = /<!-- bench:table -->\n[\s\S]*?\n<!-- \/bench:table -->/;
  if (!marked.test(text)) throw new Error("README.md has no <!-- bench:table --> section to replace");
  fs.writeFileSync(readme, text.replace(marked, `<!-- bench:table -->\n${table}\n<!-- /bench:table -->`));
  console.log("README.md: benchmark table updated");
} else {
  console.log(table);
}
