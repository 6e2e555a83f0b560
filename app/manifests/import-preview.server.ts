// The CSV import in two steps. Preview: read the file, check every row and its
// photo, match the SKUs, price the videos, and keep the rows that go ahead
// for 30 minutes; nothing is created. Import: the merchant confirms the
// preview they saw, and exactly those rows become one import.
import { stringify } from "csv-stringify/sync";
import { fieldErrorsOf, type FieldErrors } from "~/http/responses.server";
import { readFromStore, StoreUnavailableError } from "~/catalog/store-access.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { renderChoicesFor } from "~/pipeline/render-choices.server";
import { renderOptionsSchema } from "~/pipeline/batches.server";
import { MANIFEST_COLUMNS } from "./manifest-columns";
import { parseManifest, type ManifestRow, type RowProblem } from "./manifest-csv.server";
import { importInBackground, importManifest, type ImportReport } from "./manifest-import.server";
import type { ImportForm } from "./manifest-upload.server";
import { keepPendingImport, takePendingImport } from "./pending-import.server";
import { rowsWithUsablePhotos, type PhotoCheckOptions } from "~/catalog/photo-check.server";
import { productsBySku, skuMatchProblem } from "~/catalog/sku-match.server";

/**
 * Files up to this many rows have their photos checked and SKUs matched in
 * the preview (the SKUs again on import); larger ones in the background once
 * imported, since a few thousand photos or SKUs take longer than a request may.
 */
export const PREVIEW_SKU_MATCH_ROWS = 1_000;

export interface ImportPreview {
  token: string;
  fileName: string;
  model: string;
  modelLabel: string;
  duration: number;
  rows: number;
  /** Rows that will become videos (or find theirs already made). */
  ready: number;
  problems: RowProblem[];
  /** Photos that could not be checked: their rows still go ahead. */
  unchecked: number;
  /** False for a file checked and matched in the background once imported. */
  photosChecked: boolean;
  skusMatched: boolean;
  estimate: { perVideo: number; total: number; remaining: number };
}

export type PreviewOutcome = { ok: true; preview: ImportPreview } | { ok: false; errors: FieldErrors; formError?: string };
export type ConfirmOutcome =
  | { ok: true; report: ImportReport }
  | { ok: true; importing: { importId: string; batchId: string } }
  | { ok: false; errors: FieldErrors; formError: string };

const optionsSchema = renderOptionsSchema.pick({ model: true, duration: true });

export const EXPIRED_MESSAGE = "This preview has expired or was replaced by a newer one. Choose the file again to see a fresh preview.";
const NO_REDIS_MESSAGE = "Imports can't be prepared right now. Try again in a minute.";

/** The kept rows as a CSV of their own, and where each of them starts in it (the header is line 1). */
function keptFile(rows: ManifestRow[]): { csv: Uint8Array; startLines: number[] } {
  let text = stringify([[...MANIFEST_COLUMNS]]);
  let line = 2;
  const startLines: number[] = [];
  for (const row of rows) {
    const record = stringify([[row.sku, row.imageUrl, row.prompt ?? "", row.collection ?? "", row.targetSurface ?? ""]]);
    startLines.push(line);
    line += record.split("\n").length - 1;
    text += record;
  }
  return { csv: new TextEncoder().encode(text), startLines };
}

export async function previewImport(
  ctx: PipelineContext,
  shop: string,
  form: Extract<ImportForm, { ok: true }>,
  photoOptions: PhotoCheckOptions = {},
): Promise<PreviewOutcome> {
  const choices = await renderChoicesFor(ctx.db, shop);
  const options = optionsSchema.safeParse({ model: form.model ?? "", duration: form.duration ?? "" });
  const errors: FieldErrors = options.success ? {} : fieldErrorsOf(options.error);
  if (options.success && !choices.models.some((m) => m.id === options.data.model)) errors.model = "Choose one of the models offered here";
  if (!form.file || form.file.bytes.byteLength === 0) errors.manifest = "Choose a CSV file to import";
  if (!options.success || Object.keys(errors).length > 0 || !form.file) return { ok: false, errors };

  const manifest = await parseManifest(form.file.bytes);
  if (!manifest.ok) return { ok: false, errors: { manifest: manifest.error }, formError: manifest.error };

  const problems: RowProblem[] = [...manifest.problems];
  // A big file's photos are checked by the import's worker (catalog-reads.server.ts).
  const photosChecked = manifest.rows.length <= PREVIEW_SKU_MATCH_ROWS;
  const photos = photosChecked
    ? await rowsWithUsablePhotos(manifest.rows, (r) => r.imageUrl, {
        devOrigins: ctx.clipSourceDevOrigins ?? [],
        resolve: ctx.photoHostLookup,
        ...photoOptions,
      })
    : { kept: manifest.rows, skipped: [], unchecked: 0 };
  problems.push(...photos.skipped);
  let kept = photos.kept;
  const unchecked = photos.unchecked;

  const skusMatched = kept.length > 0 && kept.length <= PREVIEW_SKU_MATCH_ROWS;
  if (skusMatched) {
    try {
      const products = await readFromStore(ctx, shop, (admin) =>
        productsBySku(
          admin,
          kept.map((r) => r.sku),
        ),
      );
      kept = kept.filter((row) => {
        const reason = skuMatchProblem(row.sku, products.get(row.sku)?.length ?? 0);
        if (reason) problems.push({ line: row.line, sku: row.sku, reason });
        return !reason;
      });
    } catch (error) {
      if (error instanceof StoreUnavailableError) return { ok: false, errors: {}, formError: `${error.message} Nothing was imported.` };
      throw error;
    }
  }

  const perVideo = choices.creditsPerVideo[options.data.model]?.[String(options.data.duration)] ?? 0;
  const { csv, startLines } = keptFile(kept);
  const sorted = problems.sort((a, b) => a.line - b.line);
  if (!ctx.queues) return { ok: false, errors: {}, formError: NO_REDIS_MESSAGE };
  let token: string;
  try {
    token = await keepPendingImport(ctx.queues.connection, shop, {
      fileName: form.file.name,
      model: options.data.model,
      duration: String(options.data.duration),
      csv,
      lines: kept.map((r) => r.line),
      startLines,
      problems: sorted,
    });
  } catch {
    return { ok: false, errors: {}, formError: NO_REDIS_MESSAGE };
  }
  return {
    ok: true,
    preview: {
      token,
      fileName: form.file.name,
      model: options.data.model,
      modelLabel: choices.models.find((m) => m.id === options.data.model)?.label ?? options.data.model,
      duration: options.data.duration,
      rows: manifest.rows.length + manifest.problems.length,
      ready: kept.length,
      problems: sorted,
      unchecked,
      photosChecked,
      skusMatched,
      estimate: { perVideo, total: perVideo * kept.length, remaining: choices.credits.remaining },
    },
  };
}

export async function confirmImport(ctx: PipelineContext, shop: string, token: string): Promise<ConfirmOutcome> {
  if (!ctx.queues) return { ok: false, errors: {}, formError: NO_REDIS_MESSAGE };
  const pending = await takePendingImport(ctx.queues.connection, shop, token).catch(() => null);
  if (!pending) return { ok: false, errors: {}, formError: EXPIRED_MESSAGE };
  if (pending.lines.length === 0) {
    return {
      ok: false,
      errors: {},
      formError: "None of the rows can be imported. Fix the rows listed in the preview and choose the file again.",
    };
  }
  // Lines the import speaks of are lines of the kept rows' file: said again as lines of the uploaded one.
  const original = new Map(pending.startLines.map((start, i) => [start, pending.lines[i]]));
  const file = { name: pending.fileName, bytes: pending.csv };
  if (pending.lines.length > PREVIEW_SKU_MATCH_ROWS) {
    // More photos and SKUs than a request can check in time: a worker does it, the report read when it is done.
    const started = await importInBackground(ctx, shop, {
      file,
      model: pending.model,
      duration: pending.duration,
      lineOf: (line) => original.get(line) ?? line,
      skipped: pending.problems,
    });
    return started.ok ? { ok: true, importing: { importId: started.importId, batchId: started.batchId } } : started;
  }
  const outcome = await importManifest(ctx, shop, { file, model: pending.model, duration: pending.duration });
  if (!outcome.ok) return { ok: false, errors: outcome.errors, formError: outcome.formError ?? "Nothing was imported." };
  const later = outcome.report.problems.map((p) => ({ ...p, line: original.get(p.line) ?? p.line }));
  return {
    ok: true,
    report: {
      ...outcome.report,
      fileName: pending.fileName,
      problems: [...pending.problems, ...later].sort((a, b) => a.line - b.line),
    },
  };
}
