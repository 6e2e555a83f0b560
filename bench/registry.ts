// The scenarios: every file in bench/scenarios/ whose default export is a
// scenario. Adding one is adding one file there; `order` places it in the table.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DatabaseFactory } from "./support/database";
import type { WebApp } from "./support/web-app";
import type { Figure } from "./report";
import { BENCH_DIR } from "./support/paths";

export interface ScenarioContext {
  quick: boolean;
  databases: DatabaseFactory;
  redisUrl: string;
  /** A temp directory of this run, removed at the end. */
  scratchDir: string;
  /** A Redis key prefix no other scenario uses. */
  queuePrefix(label: string): string;
  /** Starts `node server.js` (building it first if needed) with these variables. */
  startWebApp(env: Record<string, string>): Promise<WebApp>;
  log(line: string): void;
}

export interface ScenarioOutput {
  figures: Figure[];
  /** Non-empty when the scenario lost data; the run then exits non-zero. */
  dataLoss: string[];
  notes: string[];
  details?: Record<string, unknown>;
}

export interface Scenario {
  /** What `--only` matches (the order number works too). */
  name: string;
  order: number;
  title: string;
  run(ctx: ScenarioContext): Promise<ScenarioOutput>;
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

function isScenario(value: unknown): value is Scenario {
  const s = value as Partial<Scenario> | undefined;
  return !!s && typeof s.name === "string" && typeof s.order === "number" && typeof s.title === "string" && typeof s.run === "function";
}

export async function loadScenarios(): Promise<Scenario[]> {
  const dir = path.join(BENCH_DIR, "scenarios");
  const scenarios: Scenario[] = [];
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ts"))
    .sort()) {
    const module = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    if (!isScenario(module.default)) throw new Error(`bench/scenarios/${file} has no scenario as its default export (use defineScenario)`);
    scenarios.push(module.default);
  }
  const names = new Set<string>();
  for (const s of scenarios) {
    if (names.has(s.name)) throw new Error(`Two scenarios are named "${s.name}"`);
    names.add(s.name);
  }
  return scenarios.sort((a, b) => a.order - b.order);
}

/** `--only` accepts a name, a number, or a comma-separated list of either. */
export function selectScenarios(all: Scenario[], only: string | null): Scenario[] {
  if (!only) return all;
  const wanted = only
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  const picked = all.filter((s) => wanted.includes(s.name) || wanted.includes(String(s.order)));
  const unknown = wanted.filter((w) => !all.some((s) => s.name === w || String(s.order) === w));
  if (unknown.length > 0)
    throw new Error(`Unknown scenario ${unknown.join(", ")}. Known: ${all.map((s) => `${s.order} ${s.name}`).join(", ")}`);
  return picked;
}
