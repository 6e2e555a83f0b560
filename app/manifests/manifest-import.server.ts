// Importing a CSV manifest: read it, find each SKU's product in the shop, and
// create one batch from the good rows (each job keeps its row's shape).
// Bad rows and unknown SKUs come back with their line.
import { fieldErrorsOf, type FieldErrors } from "~/http/responses.server";
import { readFromStore, StoreUnavailableError } from "~/catalog/store-access.server";
import { DEFAULT_SURFACE, TARGET_SURFACES } from "~/pipeline/target-surfaces";
import { BatchInputError, createBatch, renderOptionsSchema, type BatchItem } from "~/pipeline/batches.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import { parseManifest, type ManifestRow, type RowProblem } from "./manifest-csv.server";
import { productsBySku } from "~/catalog/sku-match.server";
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
    if (candidates.length === 1) matched.push({ row, product: candidates[0] });
    else if (candidates.length === 0)
      problems.push({ line: row.line, sku: row.sku, reason: `no product in your store has the SKU "${row.sku}"` });
    else
      problems.push({
        line: row.line,
        sku: row.sku,
        reason: `the SKU "${row.sku}" belongs to ${candidates.length} products; give each product its own SKU`,
      });
  }
  return { matched, problems };
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
    const items: BatchItem[] = matched.map(({ row, product }) => {
      const surface = row.surface ?? defaultSurface;
      return {
        ...product,
        sku: row.sku,
        imageUrl: row.imageUrl,
        prompt: row.prompt ?? templates[surface.id],
        targetSurface: row.targetSurface ?? surface.id,
        aspectRatio: surface.aspectRatio,
      };
    });
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
