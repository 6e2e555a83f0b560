// Where the bench lives relative to the project, and its scratch space.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.resolve(BENCH_DIR, "..");
export const TSX_CLI = path.join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** A fresh temp directory for one bench run; removed by the caller at the end. */
export function makeScratchDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-bench-"));
}
