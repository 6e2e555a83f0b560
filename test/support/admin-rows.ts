// Many video jobs at once for the admin page tests (one createMany, not one
// insert per row), in any status, with the stage timestamps that status implies.
import crypto from "node:crypto";
import type { Database } from "~/db.server";
import type { JobStatus } from "~/jobs/status";
import { recountCreditsOfMonth } from "~/pipeline/budget.server";

export interface JobRowsInput {
  shop: string;
  batchId: string;
  count: number;
  status?: JobStatus;
  titlePrefix?: string;
  errorMessage?: string;
  outputUrl?: string;
}

export async function addJobs(db: Database, input: JobRowsInput): Promise<string[]> {
  const now = Date.now();
  const status = input.status ?? "queued";
  const started = !["queued", "cancelled"].includes(status);
  const rows = Array.from({ length: input.count }, (_, i) => {
    const id = `job_${crypto.randomBytes(8).toString("hex")}`;
    return {
      id,
      shop: input.shop,
      batchId: input.batchId,
      productId: `gid://shopify/Product/${900_000 + i}`,
      productTitle: `${input.titlePrefix ?? "Product"} ${i}`,
      sku: `SKU-${i}`,
      imageUrl: `https://cdn.example.com/${i}.jpg`,
      prompt: "Slow camera push on a white sweep",
      model: "kling-v3",
      duration: 5,
      aspectRatio: "16:9",
      requestKey: id,
      provider: "creativeai",
      status,
      estimatedCredits: 3,
      generationId: started ? `gen_${id}` : null,
      submittedAt: started ? new Date(now - 2_000) : null,
      renderStartedAt: started ? new Date(now - 1_000) : null,
      errorMessage: input.errorMessage ?? null,
      outputUrl: input.outputUrl ?? null,
    };
  });
  await db.videoJob.createMany({ data: rows });
  await db.batch.update({ where: { id: input.batchId }, data: { jobCount: { increment: input.count } } });
  // Rows written straight to the table bypass the state machine, which keeps
  // the shop's credits of the month as a running total: recount it from the jobs.
  if (started) await recountCreditsOfMonth(db, input.shop);
  return rows.map((r) => r.id);
}
