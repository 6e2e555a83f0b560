// The result manifest agencies feed into their own pipelines: one line per
// video job, as CSV or JSON Lines, streamed page by page so a batch of 10,000
// jobs is never held in memory. Times are in the shop's time zone, with their
// offset (2026-12-01T09:30:00-05:00), so a spreadsheet and a script read the
// same instant; the CSV starts with a UTF-8 byte order mark, without which
// spreadsheet apps garble non-ASCII product titles.
import { stringify } from "csv-stringify/sync";
import { clipLinksOf, EXPORT_LINK_SECONDS } from "~/clips/clip-links.server";
import { env } from "~/config/env.server";
import type { Database } from "~/db.server";
import { isJobStatus, STATUS_LABELS } from "~/jobs/status";
import { shopSettings } from "~/settings/shop-settings.server";

export const EXPORT_FORMATS = ["csv", "jsonl"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_COLUMNS = [
  "sku",
  "product",
  "product_id",
  "image_url",
  "prompt",
  "surface",
  "generation_id",
  "status",
  "output_url",
  "clip_url",
  "failover_used",
  "credits",
  "charge",
  "fidelity_score",
  "fidelity_note",
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
  imageUrl: true,
  prompt: true,
  targetSurface: true,
  aspectRatio: true,
  fidelityScore: true,
  fidelityNote: true,
  clipKey: true,
  posterKey: true,
  clipRemovedAt: true,
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
  imageUrl: string;
  prompt: string;
  targetSurface: string | null;
  aspectRatio: string;
  fidelityScore: number | null;
  fidelityNote?: string | null;
  /** The app's stored copy, as a signed link that lasts a week (the provider's output_url expires). */
  clipUrl?: string | null;
  generationId: string | null;
  status: string;
  outputUrl: string | null;
  failoverUsed: boolean;
  credits: number | null;
  /** What the shop pays for the clip through Shopify Billing: "0.60 USD", "free", or none. */
  charge?: string | null;
  errorMessage: string | null;
  createdAt: Date;
  renderedAt: Date | null;
  publishedAt: Date | null;
};

/** The UTF-8 byte order mark that opens the CSV. */
export const UTF8_BOM = "\uFEFF";

/** The instant as ISO 8601 in the time zone, with its offset; UTC when the zone is unknown or unreadable. */
export function isoInZone(at: Date, timeZone: string | null | undefined): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone: timeZone || "UTC",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      timeZoneName: "longOffset",
    }).formatToParts(at);
  } catch {
    return isoInZone(at, "UTC");
  }
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  const offset = part("timeZoneName").replace(/^GMT/, "");
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}${offset || "Z"}`;
}

export function exportRowOf(job: ExportedJob, timeZone: string | null = null): ExportRow {
  const time = (at: Date | null) => (at ? isoInZone(at, timeZone) : null);
  return {
    sku: job.sku,
    product: job.productTitle,
    product_id: job.productId,
    image_url: job.imageUrl,
    prompt: job.prompt,
    surface: job.targetSurface ?? job.aspectRatio,
    generation_id: job.generationId,
    status: isJobStatus(job.status) ? STATUS_LABELS[job.status] : "Unknown",
    output_url: job.outputUrl,
    clip_url: job.clipUrl ?? null,
    failover_used: job.failoverUsed,
    credits: job.credits,
    charge: job.charge ?? null,
    fidelity_score: job.fidelityScore,
    fidelity_note: job.fidelityNote ?? null,
    error: job.errorMessage,
    created_at: time(job.createdAt),
    rendered_at: time(job.renderedAt),
    published_at: time(job.publishedAt),
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
  let timeZone: string | null = null;
  return new ReadableStream<Uint8Array>({
    async start() {
      timeZone = (await shopSettings(db, shop)).ianaTimezone;
    },
    async pull(controller) {
      const jobs = await db.videoJob.findMany({
        where: { shop, batchId, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: "asc" },
        take: PAGE_SIZE,
        select: jobColumns,
      });
      const origin = env().SHOPIFY_APP_URL.replace(/\/$/, "");
      const charges = await chargesOf(
        db,
        jobs.map((j) => j.id),
      );
      const rows = jobs.map((job) =>
        exportRowOf(
          { ...job, clipUrl: clipLinksOf(job, EXPORT_LINK_SECONDS, origin).clipUrl, charge: charges.get(job.id) ?? null },
          timeZone,
        ),
      );
      const text = format === "csv" ? `${first ? UTF8_BOM : ""}${csvChunk(rows, first)}` : jsonlChunk(rows);
      first = false;
      if (text) controller.enqueue(encoder.encode(text));
      if (jobs.length < PAGE_SIZE) controller.close();
      else after = jobs[jobs.length - 1].id;
    },
  });
}

/** Each job's charge as the export says it (app/billing owns the rows). */
async function chargesOf(db: Database, jobIds: string[]): Promise<Map<string, string>> {
  const charges = await db.usageCharge.findMany({
    where: { jobId: { in: jobIds } },
    select: { jobId: true, amountCents: true, currency: true, status: true },
  });
  return new Map(charges.map((c) => [c.jobId, c.status === "free" ? "free" : `${(c.amountCents / 100).toFixed(2)} ${c.currency}`]));
}

export function isExportFormat(value: string | null): value is ExportFormat {
  return (EXPORT_FORMATS as readonly (string | null)[]).includes(value);
}
