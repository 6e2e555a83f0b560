// A one-line progress bar for a batch, redrawn until every job is settled.
import type { Database } from "~/db.server";
import { STATUS_LABELS, type JobStatus } from "~/jobs/status";

const SETTLED = new Set(["published", "failed", "awaiting_review", "rejected", "cancelled"]);

export async function watchBatch(db: Database, batchId: string, total: number): Promise<Record<string, number>> {
  const draw = process.stderr.isTTY;
  for (;;) {
    const rows = await db.videoJob.groupBy({ by: ["status"], where: { batchId }, _count: { _all: true } });
    const counts = Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Record<string, number>;
    const done = rows.filter((r) => SETTLED.has(r.status)).reduce((n, r) => n + r._count._all, 0);
    const width = 30;
    const filled = total === 0 ? width : Math.round((done / total) * width);
    const detail = rows.filter((r) => r._count._all > 0).map((r) => `${STATUS_LABELS[r.status as JobStatus] ?? r.status}: ${r._count._all}`).join(" · ");
    const line = `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}  ${detail}`;
    process.stderr.write(draw ? `\r${line.padEnd(120).slice(0, 160)}` : `${line}\n`);
    if (done >= total) {
      if (draw) process.stderr.write("\n");
      return counts;
    }
    await new Promise((r) => setTimeout(r, draw ? 500 : 2_000));
  }
}
