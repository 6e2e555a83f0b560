// A one-line progress bar for a batch, redrawn until nothing more happens by
// itself (a clip waiting for review waits for the merchant).
import type { Database } from "~/db.server";
import { countIn, IN_PROGRESS_STATUSES, JOB_STATUSES, STATUS_LABELS, type StatusCounts } from "~/jobs/status";
import { countsForBatch } from "~/pipeline/batch-counts.server";

export async function watchBatch(db: Database, shop: string, batchId: string, total: number): Promise<StatusCounts> {
  const draw = process.stderr.isTTY;
  for (;;) {
    const counts = await countsForBatch(db, shop, batchId);
    const done = countIn(counts, JOB_STATUSES) - countIn(counts, IN_PROGRESS_STATUSES);
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const detail = JOB_STATUSES.filter((s) => (counts[s] ?? 0) > 0)
      .map((s) => `${STATUS_LABELS[s]}: ${counts[s]}`)
      .join(" · ");
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}  ${detail}`;
    process.stderr.write(draw ? `\r${line.padEnd(120).slice(0, 160)}` : `${line}\n`);
    if (done >= total) {
      if (draw) process.stderr.write("\n");
      return counts;
    }
    await new Promise((r) => setTimeout(r, draw ? 500 : 2_000));
  }
}
