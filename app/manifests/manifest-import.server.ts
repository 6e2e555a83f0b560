// Importing a CSV manifest: read it, find each SKU's product in the shop, and
// create one batch from the good rows (each job keeps its row's shape).
// Bad rows and unknown SKUs come back with their line. A file of more rows
// than a request can check (PREVIEW_SKU_MATCH_ROWS) has its photos checked
// and its SKUs matched in the background instead: the batch is "preparing"
// until then, and the report is read once the matching is done
// (importReportOf).
import { fieldErrorsOf, type FieldErrors } from "~/http/responses.server";
import { readFromStore, StoreUnavailableError } from "~/catalog/store-access.server";
import { DEFAULT_SURFACE, TARGET_SURFACES } from "~/pipeline/target-surfaces";
import { BatchInputError, createBatch, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import { parseManifest, type ManifestRow, type RowProblem } from "./manifest-csv.server";
import { productsBySku, skuMatchProblem } from "~/catalog/sku-match.server";
import { requestCatalogRead, skuReadOf } from "~/catalog/catalog-reads.server";
import type { TargetSurface } from "~/pipeline/target-surfaces";
import { batchName } from "~/pipeline/batch-name.server";

export interface ImportedBatch {
  batchId: string;
  title: string;
  created: number;
  reused: number;
}

export interface ImportReport {
  fileName: string;
  batches: ImportedBatch[];
  /** Rows that became (or reused) a video job. */
  accepted: number;
  problems: RowProblem[];
}

export type ImportOutcome = { ok: true; report: ImportReport } | { ok: false; errors: FieldErrors; formError?: string };

const importOptionsSchema = renderOptionsSchema.pick({ model: true, duration: true });

export interface ManifestUpload {
  name: string;
  bytes: Uint8Array;
}

function matchRows(rows: ManifestRow[], products: Awaited<ReturnType<typeof productsBySku>>) {
  const matched: { row: ManifestRow; product: { productId: string; productTitle: string; variantId: string } }[] = [];
  const problems: RowProblem[] = [];
  for (const row of rows) {
    const candidates = products.get(row.sku) ?? [];
    const reason = skuMatchProblem(row.sku, candidates.length);
    if (reason) problems.push({ line: row.line, sku: row.sku, reason });
    else matched.push({ row, product: candidates[0] });
  }
  return { matched, problems };
}

/** What a row's video is made of, apart from its product: its photo, prompt and shape. */
function rowVideo(row: ManifestRow, templates: Record<string, string>, defaultSurface: TargetSurface) {
  const surface = row.surface ?? defaultSurface;
  return {
    imageUrl: row.imageUrl,
    prompt: row.prompt ?? templates[surface.id],
    targetSurface: row.targetSurface ?? surface.id,
    aspectRatio: surface.aspectRatio,
  };
}

export async function importManifest(
  ctx: PipelineContext,
  shop: string,
  input: { file: ManifestUpload | null; model: FormDataEntryValue | null; duration: FormDataEntryValue | null },
): Promise<ImportOutcome> {
  const options = importOptionsSchema.safeParse({ model: input.model ?? "", duration: input.duration ?? "" });
  if (!options.success || !input.file || input.file.bytes.byteLength === 0) {
    return {
      ok: false,
      errors: {
        ...(options.success ? {} : fieldErrorsOf(options.error)),
        ...(input.file && input.file.bytes.byteLength > 0 ? {} : { manifest: "Choose a CSV file to import" }),
      },
    };
  }
  const manifest = await parseManifest(input.file.bytes);
  if (!manifest.ok) return { ok: false, errors: { manifest: manifest.error }, formError: manifest.error };

  const settings = await shopSettings(ctx.db, shop);
  const templates = promptTemplatesOf(settings);
  const defaultSurface = TARGET_SURFACES.find((s) => s.aspectRatio === settings.defaultAspectRatio) ?? DEFAULT_SURFACE;

  try {
    const products =
      manifest.rows.length > 0
        ? await readFromStore(ctx, shop, (admin) =>
            productsBySku(
              admin,
              manifest.rows.map((r) => r.sku),
            ),
          )
        : new Map();
    const { matched, problems } = matchRows(manifest.rows, products);

    // One batch per file, whatever the mix of surfaces: each job carries its row's shape and prompt.
    const items: BatchItem[] = matched.map(({ row, product }) => ({
      ...product,
      sku: row.sku,
      ...rowVideo(row, templates, defaultSurface),
    }));
    const batches: ImportedBatch[] = [];
    if (items.length > 0) {
      const title = await batchName(ctx.db, shop, input.file.name, items.length);
      const created = await createBatch(ctx.db, ctx.queues, {
        shop,
        source: "csv",
        title,
        items,
        options: { ...options.data, aspectRatio: defaultSurface.aspectRatio, prompt: templates[defaultSurface.id] },
      });
      batches.push({ batchId: created.batchId, title, created: created.created, reused: created.reusedCount });
    }
    return {
      ok: true,
      report: {
        fileName: input.file.name,
        batches,
        accepted: matched.length,
        problems: [...manifest.problems, ...problems].sort((a, b) => a.line - b.line),
      },
    };
  } catch (error) {
    if (error instanceof BatchInputError) return { ok: false, errors: {}, formError: error.message };
    if (error instanceof StoreUnavailableError) return { ok: false, errors: {}, formError: `${error.message} Nothing was imported.` };
    throw error;
  }
}

export type BackgroundImportOutcome =
  { ok: true; importId: string; batchId: string } | { ok: false; errors: FieldErrors; formError: string };

/**
 * The import of a file too large to match in the request: its rows are read
 * and recorded with a "preparing" batch named after the file, and a worker
 * matches the SKUs. `lineOf` says a row's line in the uploaded file, and
 * `skipped` are the rows left out before, so the report speaks of the file
 * the merchant chose.
 */
export async function importInBackground(
  ctx: PipelineContext,
  shop: string,
  input: {
    file: ManifestUpload;
    model: string;
    duration: string;
    lineOf: (line: number) => number;
    skipped: RowProblem[];
  },
): Promise<BackgroundImportOutcome> {
  const options = importOptionsSchema.safeParse({ model: input.model, duration: input.duration });
  if (!options.success) return { ok: false, errors: fieldErrorsOf(options.error), formError: "Nothing was imported." };
  const manifest = await parseManifest(input.file.bytes);
  if (!manifest.ok) return { ok: false, errors: { manifest: manifest.error }, formError: manifest.error };
  const settings = await shopSettings(ctx.db, shop);
  const templates = promptTemplatesOf(settings);
  const defaultSurface = TARGET_SURFACES.find((s) => s.aspectRatio === settings.defaultAspectRatio) ?? DEFAULT_SURFACE;
  const rows = manifest.rows.map((row) => ({ line: input.lineOf(row.line), sku: row.sku, item: rowVideo(row, templates, defaultSurface) }));
  const skipped = [...input.skipped, ...manifest.problems.map((p) => ({ ...p, line: input.lineOf(p.line) }))];
  if (rows.length === 0) return { ok: false, errors: {}, formError: "None of the rows can be imported. Nothing was imported." };
  const { batchId, catalogReadId } = await requestCatalogRead(ctx, {
    shop,
    title: await batchName(ctx.db, shop, input.file.name, rows.length),
    expectedProducts: rows.length,
    request: {
      source: "csv",
      selection: { kind: "skus", rows },
      options: { ...options.data, aspectRatio: defaultSurface.aspectRatio, prompt: templates[defaultSurface.id] },
      targetSurface: null,
      manifest: { fileName: input.file.name, skipped },
    },
  });
  return { ok: true, importId: catalogReadId, batchId };
}

export type ImportProgress =
  | { state: "matching"; rows: number; batchId: string }
  | { state: "done"; report: ImportReport }
  | { state: "failed"; batchId: string; reason: string };

/** A background import as its page shows it: still matching its SKUs, its report, or why it stopped; null for another shop's or an unknown one. */
export async function importProgressOf(ctx: PipelineContext, shop: string, importId: string): Promise<ImportProgress | null> {
  const read = await skuReadOf(ctx, shop, importId);
  if (!read) return null;
  if (read.state !== "done") return read;
  const { outcome, manifest } = read;
  return {
    state: "done",
    report: {
      fileName: manifest?.fileName ?? read.title,
      batches: outcome.accepted > 0 ? [{ batchId: read.batchId, title: read.title, created: outcome.created, reused: outcome.reused }] : [],
      accepted: outcome.accepted,
      problems: [...(manifest?.skipped ?? []), ...outcome.problems].sort((a, b) => a.line - b.line),
    },
  };
}
