// Reading a CSV manifest never holds the web process's event loop: three
// parallel imports of 200,000 rows (refused at the row limit) and the largest
// file we accept both give the loop back while they are read, so a small
// request in between is answered. monitorEventLoopDelay gives the figure
// docs/reliability.md quotes.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import { MAX_MANIFEST_ROWS, parseManifest } from "~/manifests/manifest-csv.server";
import { MAX_MANIFEST_BYTES } from "~/security/body-limits.server";

/** Counts the turns of the event loop while `work` runs: zero when nothing else could run. */
async function turnsDuring<T>(work: () => Promise<T>): Promise<{ result: T; turns: number; maxDelayMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    const result = await work();
    return { result, turns, maxDelayMs: Math.round(histogram.max / 1e6) };
  } finally {
    running = false;
    histogram.disable();
  }
}

function manifestOf(rows: number, row: (i: number) => string): Uint8Array {
  return new TextEncoder().encode(`sku,image_url\n${Array.from({ length: rows }, (_, i) => row(i)).join("\n")}\n`);
}

describe("reading a manifest while other requests wait", () => {
  it("three parallel 200,000-row files are refused at the row limit without holding the loop", async () => {
    const file = manifestOf(200_000, (i) => `${i},https://a.io/p.jpg`);
    expect(file.byteLength).toBeLessThan(MAX_MANIFEST_BYTES);
    const { result, turns, maxDelayMs } = await turnsDuring(() =>
      Promise.all([parseManifest(file), parseManifest(file), parseManifest(file)]),
    );
    for (const parsed of result)
      expect(parsed).toEqual({ ok: false, error: expect.stringContaining(`more than ${MAX_MANIFEST_ROWS.toLocaleString("en-US")} rows`) });
    // The three files take their turns together: the loop turns at least once per slice of one file (10,000 rows are some 14 slices).
    expect(turns).toBeGreaterThanOrEqual(10);
    console.info(`three parallel 200,000-row manifests: ${turns} event-loop turns, longest stall ${maxDelayMs} ms`);
  });

  it("the largest accepted file (10,000 rows) is checked row by row without holding the loop", async () => {
    const file = manifestOf(MAX_MANIFEST_ROWS, (i) => `SKU-${i},https://cdn.example.com/catalog/${i}.jpg`);
    const { result, turns, maxDelayMs } = await turnsDuring(() => parseManifest(file));
    if (!result.ok) throw new Error(result.error);
    expect(result.rows).toHaveLength(MAX_MANIFEST_ROWS);
    expect(turns).toBeGreaterThanOrEqual(MAX_MANIFEST_ROWS / 200);
    console.info(`one 10,000-row manifest: ${turns} event-loop turns, longest stall ${maxDelayMs} ms`);
  });
});
