// The result manifest agencies feed into their own pipelines: one line per
// video job, as CSV or JSON Lines, streamed page by page so a batch of 10,000
// jobs is never held in memory.
import { stringify } from "csv-stringify/sync";
import type { Database } from "~/db.server";
import { isJobStatus, STATUS_LABELS } from "~/jobs/status";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_COLUMNS = [
  "sku",
  "product",
  "product_id",
  "generation_id",
  "status",
  "output_url",
  "failover_used",
  "credits",
  "error",
  "created_at",
  "rendered_at",
  "published_at",
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | boolean | null>;

const PAGE_SIZE = 500;

const jobColumns = {
  id: true,
  sku: true,
  productTitle: true,
  productId: true,
  generationId: true,
  status: true,
  outputUrl: true,
  failoverUsed: true,
  credits: true,
  errorMessage: true,
  createdAt: true,
  renderedAt: true,
  publishedAt: true,
} as const;

type ExportedJob = {
  sku: string | null;
  productTitle: string;
  productId: string;
  generationId: string | null;
  status: string;
  outputUrl: string | null;
  failoverUsed: boolean;
  credits: number | null;
  errorMessage: string | null;
  createdAt: Date;
  renderedAt: Date | null;
  publishedAt: Date | null;
};

export function exportRowOf(job: ExportedJob): ExportRow {
  return {
    sku: job.sku,
    product: job.productTitle,
    product_id: job.productId,
    generation_id: job.generationId,
    status: isJobStatus(job.status) ? STATUS_LABELS[job.status] : "Unknown",
    output_url: job.outputUrl,
    failover_used: job.failoverUsed,
    credits: job.credits,
    error: job.errorMessage,
    created_at: job.createdAt.toISOString(),
    rendered_at: job.renderedAt?.toISOString() ?? null,
    published_at: job.publishedAt?.toISOString() ?? null,
  };
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
 * return before one) as a formula; a product title or an error message must
 * never do that on an agency's machine. The leading ' makes it plain text.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvChunk(rows: ExportRow[], withHeader: boolean): string {
  return stringify(
    rows.map((row) =>
      EXPORT_COLUMNS.map((c) => {
        const value = row[c];
        return typeof value === "string" ? neutraliseFormula(value) : value;
      }),
    ),
    {
      header: withHeader,
      columns: [...EXPORT_COLUMNS],
      cast: { boolean: (b) => (b ? "true" : "false") },
    },
  );
}

export function jsonlChunk(rows: ExportRow[]): string {
  return rows.map((row) => `${JSON.stringify(row)}\n`).join("");
}

/** The batch's jobs in id order, one page per pull, as the chosen format. */
export function resultManifestStream(db: Database, shop: string, batchId: string, format: ExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let after: string | null = null;
  let first = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const jobs = await db.videoJob.findMany({
        where: { shop, batchId, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: "asc" },
        take: PAGE_SIZE,
        select: jobColumns,
      });
      const rows = jobs.map(exportRowOf);
      const text = format === "csv" ? csvChunk(rows, first) : jsonlChunk(rows);
      first = false;
      if (text) controller.enqueue(encoder.encode(text));
      if (jobs.length < PAGE_SIZE) controller.close();
      else after = jobs[jobs.length - 1].id;
    },
  });
}

export function isExportFormat(value: string | null): value is ExportFormat {
  return (EXPORT_FORMATS as readonly (string | null)[]).includes(value);
}
