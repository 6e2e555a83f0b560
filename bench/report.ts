// Figures, the table printed at the end, and bench/results.json.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import { ROOT } from "./support/paths";

export type Comparison = ">=" | "<=";

export interface Figure {
  /** Stable key for tooling that compares runs, e.g. "app.callbacks_per_s.100000". */
  id: string;
  label: string;
  value: number | null;
  unit: string;
  /** The ideal (what a perfect system would reach) or the anchor it is compared with. */
  anchor: { value: number; what: string } | null;
  goal: { op: Comparison; value: number } | null;
  /** value / anchor: above 1 is better for ">=" goals, below 1 for "<=" goals. */
  ratio: number | null;
  /** null when the figure has no goal (context, or the seeds' reference). */
  met: boolean | null;
  note?: string;
}

export function figure(input: Omit<Figure, "ratio" | "met">): Figure {
  const { value, anchor, goal } = input;
  const ratio = value !== null && anchor && anchor.value !== 0 ? value / anchor.value : null;
  const met = goal === null ? null : value === null ? false : goal.op === ">=" ? value >= goal.value : value <= goal.value;
  return { ...input, ratio, met };
}

export type ScenarioStatus = "ok" | "data-loss" | "crashed";

export interface ScenarioResult {
  name: string;
  order: number;
  title: string;
  status: ScenarioStatus;
  durationMs: number;
  figures: Figure[];
  /** Data that went missing (lost updates, stuck jobs): each makes the run fail. */
  dataLoss: string[];
  notes: string[];
  error?: string;
  details?: Record<string, unknown>;
}

export function machineInfo() {
  const cpus = os.cpus();
  let commit: string | null = null;
  let dirty: boolean | null = null;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    dirty = execFileSync("git", ["status", "--porcelain"], { cwd: ROOT, encoding: "utf8" }).trim() !== "";
  } catch {
    // Not a git checkout (e.g. an unpacked tarball): the figures still stand.
  }
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    gitCommit: commit,
    gitDirty: dirty,
  };
}

/** One database's run as results.json keeps it: the run's facts, and each scenario with when and where it was measured. */
export interface StoredRun {
  date: string;
  mode: string;
  database: string;
  machine: ReturnType<typeof machineInfo>;
  durationMs: number;
  only: string | null;
  loadAverage: { start: number[]; end: number[] };
  webAppBuild: unknown;
  scenarios: (ScenarioResult & { measured?: { date: string; gitCommit: string | null } })[];
}

/** results.json: the latest full figures for each database, `{ runs: { sqlite, postgres } }`. */
export function readResults(file: string): Record<string, StoredRun> {
  if (!fs.existsSync(file)) return {};
  const stored = JSON.parse(fs.readFileSync(file, "utf8")) as { runs?: Record<string, StoredRun> } & Partial<StoredRun>;
  // The file once held a single run.
  if (!stored.runs) return stored.database ? { [stored.database]: stored as StoredRun } : {};
  return stored.runs;
}

/**
 * Writes this run's scenarios into results.json under its database. A run of
 * some scenarios (--only) replaces those and keeps the others, so it never
 * throws away figures it did not measure; each scenario says when and at
 * which commit it was measured.
 */
export function writeResults(file: string, run: Omit<StoredRun, "scenarios">, results: ScenarioResult[]) {
  const runs = readResults(file);
  const measured = { date: run.date, gitCommit: run.machine.gitCommit };
  const fresh = results.map((r) => ({ ...r, measured }));
  const kept = (runs[run.database]?.scenarios ?? []).filter((s) => !fresh.some((r) => r.order === s.order));
  const earlier = runs[run.database];
  const stamped = kept.map((s) => ({ ...s, measured: s.measured ?? { date: earlier.date, gitCommit: earlier.machine.gitCommit } }));
  runs[run.database] = { ...run, scenarios: [...stamped, ...fresh].sort((a, b) => a.order - b.order) };
  fs.writeFileSync(file, JSON.stringify({ runs }, null, 2) + "\n");
}

function formatNumber(value: number | null, unit = ""): string {
  if (value === null) return "n/a";
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  const text = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit ? `${text} ${unit}` : text;
}

export function printTable(results: ScenarioResult[], write: (line: string) => void = console.log) {
  const rows: string[][] = [["#", "Figure", "Value", "Ideal / anchor", "Goal", "Ratio", "Met"]];
  for (const r of results) {
    if (r.status === "crashed") {
      rows.push([String(r.order), `${r.title}: CRASHED (${(r.error ?? "").split("\n")[0].slice(0, 80)})`, "", "", "", "", "no"]);
      continue;
    }
    for (const f of r.figures) {
      rows.push([
        String(r.order),
        f.label,
        formatNumber(f.value, f.unit),
        f.anchor ? `${formatNumber(f.anchor.value, f.unit)} (${f.anchor.what})` : "",
        f.goal ? `${f.goal.op} ${formatNumber(f.goal.value, f.unit)}` : "",
        f.ratio === null ? "" : f.ratio.toFixed(2),
        f.met === null ? "-" : f.met ? "yes" : "NO",
      ]);
    }
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  const line = (row: string[]) =>
    row
      .map((cell, c) => cell.padEnd(widths[c]))
      .join("  ")
      .trimEnd();
  write(line(rows[0]));
  write(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows.slice(1)) write(line(row));
  for (const r of results) {
    const status = r.status === "ok" ? "ok" : r.status.toUpperCase();
    write(`\n[${r.order}] ${r.title}: ${status} in ${(r.durationMs / 1000).toFixed(1)} s`);
    for (const loss of r.dataLoss) write(`  DATA LOSS: ${loss}`);
    for (const note of r.notes) write(`  - ${note}`);
    if (r.error) write(`  error: ${r.error}`);
  }
}
