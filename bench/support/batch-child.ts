// Child process of scenario 2: one createBatch call of N items on the given
// database, in a process of its own so its peak memory is the batch's alone.
// Prints one JSON line: seconds, peak RSS (VmHWM) and RSS before the call.
import fs from "node:fs";
import { createDatabase } from "~/db.server";
import { createBatch } from "~/pipeline/batches.server";
import { RENDER_OPTIONS, streamedBatchItems } from "./seed";

function statusKb(field: "VmHWM" | "VmRSS"): number | null {
  try {
    const match = fs.readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

async function main() {
  const [url, shop, countText] = process.argv.slice(2);
  const count = Number(countText);
  const db = createDatabase(url);
  await db.$queryRawUnsafe("SELECT 1");
  // Items arrive one at a time, as every big source hands them over (CSV rows,
  // bulk-operation lines, catalog pages), so the peak is createBatch's own.
  const items = streamedBatchItems(count);
  const rssBefore = process.memoryUsage().rss;
  let sampledPeak = rssBefore;
  // Sampled too, for platforms without /proc (VmHWM is the authoritative peak).
  const sampler = setInterval(() => {
    sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  }, 10);
  const t0 = performance.now();
  const created = await createBatch(db, null, { shop, source: "csv", title: `Bench ${count}`, items, options: RENDER_OPTIONS });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  sampledPeak = Math.max(sampledPeak, process.memoryUsage().rss);
  const hwmKb = statusKb("VmHWM");
  await db.$disconnect();
  console.log(
    JSON.stringify({
      seconds,
      created: created.created,
      reused: created.reused.length,
      peakRssBytes: hwmKb !== null ? hwmKb * 1024 : sampledPeak,
      peakSource: hwmKb !== null ? "VmHWM" : "sampled",
      rssBeforeBytes: rssBefore,
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
