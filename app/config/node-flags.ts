// The V8 flags the web and worker processes run with: package.json's `start`
// and `worker` scripts, and everything that starts those processes the same
// way (the sandbox, the tests' worker, the benchmarks).
//
// Node 24 lets the young generation grow to 64 MB per semi-space. A worker
// streaming 100,000 products into a batch then peaked at about 390 MB, most of
// it short-lived garbage the larger young generation kept around; with 8 MB
// it peaked at about 270 MB in about the same time (bench scenarios 2 and 3).
export const SERVICE_NODE_FLAGS = ["--max-semi-space-size=8"] as const;

/** NODE_OPTIONS with the service flags added, for processes started through a wrapper (tsx's CLI) that passes NODE_OPTIONS on. */
export function withServiceNodeOptions(nodeOptions: string | undefined): string {
  return [nodeOptions, ...SERVICE_NODE_FLAGS].filter(Boolean).join(" ");
}
