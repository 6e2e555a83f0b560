// The V8 flags the web and worker processes run with: package.json's `start`
// and `worker` scripts, and everything that starts those processes the same
// way (the sandbox, the tests' worker, the benchmarks). V8 takes the second
// flag only on the command line, not through NODE_OPTIONS, so processes that
// run TypeScript are started as `node <flags> --import tsx <file>`.
//
// Node 24 lets the young generation grow to 64 MB per semi-space. A worker
// streaming 100,000 products into a batch then peaked at about 390 MB, most of
// it short-lived garbage the larger young generation kept around; with 8 MB
// it peaked at about 270 MB in about the same time (bench scenarios 2 and 3).
//
// What remained was the old generation: V8 lets it grow to up to four times
// what was live after the last full collection before it collects again, and
// the SQLite driver's prepared statements (native memory V8 does not see) are
// freed only by that collection. A fixed factor of 1.5 brought createBatch of
// 100,000 items from about 260 MB to about 185 MB for about 5% more time;
// 1.25 saved 8 MB more, --optimize-for-size 25 MB more for 25% more time.
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=8", "--heap-growing-percent=50"] as const;

/** node's arguments to run a TypeScript entry point (a worker, a bench child) as the services run. */
export function serviceNodeArgs(entry: string, ...args: string[]): string[] {
  return [...SERVICE_NODE_FLAGS, "--import", "tsx", entry, ...args];
}
