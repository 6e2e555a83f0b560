// How many jobs of a batch are in each status, counted by the database
// (GROUP BY on the batch/status index), never by loading the jobs. The admin
// pages, the extensions' batch progress and the sandbox's progress bar all
// count here.
import type { Database } from "~/db.server";
import { isJobStatus, type StatusCounts } from "~/jobs/status";

export async function countsByBatch(db: Database, shop: string, batchIds: string[]): Promise<Map<string, StatusCounts>> {
  const result = new Map<string, StatusCounts>(batchIds.map((id) => [id, {}]));
  if (batchIds.length === 0) return result;
  const groups = await db.videoJob.groupBy({
    by: ["batchId", "status"],
    where: { shop, batchId: { in: batchIds } },
    _count: { _all: true },
  });
  for (const group of groups) {
    const counts = result.get(group.batchId);
    if (counts && isJobStatus(group.status)) counts[group.status] = group._count._all;
  }
  return result;
}

export async function countsForBatch(db: Database, shop: string, batchId: string): Promise<StatusCounts> {
  return (await countsByBatch(db, shop, [batchId])).get(batchId) ?? {};
}
