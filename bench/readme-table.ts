// `npm run bench:table [-- --write]`: the figures of bench/results.json that
// have a goal, plus what they are read against, as the Markdown table the
// README shows. With --write it replaces the table in README.md.
import fs from "node:fs";
import path from "node:path";
import type { Figure, ScenarioResult } from "./report";
import { BENCH_DIR } from "./support/paths";

const results = JSON.parse(fs.readFileSync(path.join(BENCH_DIR, "results.json"), "utf8")) as {
  date: string;
  mode: string;
  database: string;
  machine: { cpus: number; cpuModel: string; node: string; gitCommit: string | null };
  scenarios: ScenarioResult[];
};

const number = (v: number) => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString("en-US") : String(Number(v.toPrecision(3))));
const valueOf = (f: Figure) => (f.value === null ? "n/a" : `${number(f.value)}${f.unit ? ` ${f.unit}` : ""}`.replace(" /", "/"));
const goalOf = (f: Figure) =>
  f.goal ? `${f.goal.op === ">=" ? "≥" : "≤"} ${number(f.goal.value)}${f.unit ? ` ${f.unit}` : ""}`.replace(" /", "/") : "";
// Goals, plus what they are read against: both receivers' rates, the seeds' losses, the HTTP floor, Jain's index.
const shown = (f: Figure) => f.goal !== null || /callbacks\/s|^Seeds' receiver: lost|HTTP floor|Jain/.test(f.label);

const lines = [
  `${results.mode === "full" ? "Full" : "Quick"} run on ${results.database}, ${results.machine.cpus} CPUs (${results.machine.cpuModel}), Node ${results.machine.node}, ${results.date.slice(0, 10)}, commit ${results.machine.gitCommit?.slice(0, 10) ?? "?"}.`,
  "",
  "| # | Figure | Value | Goal | Met |",
  "|---|---|---|---|---|",
];
for (const scenario of [...results.scenarios].sort((a, b) => a.order - b.order)) {
  for (const f of scenario.figures.filter(shown)) {
    lines.push(
      `| ${scenario.order} | ${f.label} | ${valueOf(f)} | ${goalOf(f) || (f.label.startsWith("Seeds") ? "reference" : "—")} | ${f.met === null ? "" : f.met ? "yes" : "**no**"} |`,
    );
  }
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
