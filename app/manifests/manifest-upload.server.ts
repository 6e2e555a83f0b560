// Reading the import form while it streams in: the whole body is counted
// against the import limit (not each part on its own), the form may have only
// the few parts the page sends, only the manifest may be a file, and the
// manifest's rows are counted as they arrive. A form over any of these is
// refused as soon as it crosses the line, before the rest is read.
import { parse } from "csv-parse";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
  type UploadHandler,
} from "@remix-run/node";
import { IMPORT_BODY_LIMIT, MAX_MANIFEST_BYTES } from "~/security/body-limits.server";
import { MAX_MANIFEST_ROWS, TOO_MANY_ROWS } from "./manifest-csv.server";
import type { ManifestUpload } from "./manifest-import.server";

export type ImportForm =
  | { ok: true; file: ManifestUpload | null; model: FormDataEntryValue | null; duration: FormDataEntryValue | null }
  | { ok: false; error: string };

/** The page sends three: the manifest, the model and the length. */
const MAX_PARTS = 8;

export const TOO_BIG_MESSAGE = `The file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`;
const TOO_MANY_PARTS_MESSAGE = "The form has more fields than the import page sends. Reload the page and choose the file again.";
const ONE_FILE_MESSAGE = "Import one CSV file at a time.";

class ImportFormRefused extends Error {}

/**
 * Counts the manifest's rows as its bytes arrive, the way the manifest reader
 * will see them (header included). It only counts: if the file is broken it
 * stops, and the reader says what is wrong.
 */
function rowCounter() {
  let rows = 0;
  let broken = false;
  const parser = parse({ bom: true, trim: true, skip_empty_lines: true, skip_records_with_empty_values: true, relax_column_count: true });
  parser.on("data", () => {
    rows += 1;
  });
  parser.on("error", () => {
    broken = true;
  });
  return {
    write(chunk: Uint8Array) {
      if (!broken) parser.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    },
    tooMany: () => rows - 1 > MAX_MANIFEST_ROWS,
    stop: () => parser.destroy(),
  };
}

function countingUploadHandler(): UploadHandler {
  const memory = unstable_createMemoryUploadHandler({ maxPartSize: MAX_MANIFEST_BYTES });
  let parts = 0;
  let bytes = 0;
  async function* counted(data: AsyncIterable<Uint8Array>, rows: ReturnType<typeof rowCounter> | null) {
    try {
      for await (const chunk of data) {
        bytes += chunk.byteLength;
        if (bytes > IMPORT_BODY_LIMIT) throw new ImportFormRefused(TOO_BIG_MESSAGE);
        rows?.write(chunk);
        if (rows?.tooMany()) throw new ImportFormRefused(TOO_MANY_ROWS);
        yield chunk;
      }
    } finally {
      rows?.stop();
    }
  }
  return async (part) => {
    parts += 1;
    if (parts > MAX_PARTS) throw new ImportFormRefused(TOO_MANY_PARTS_MESSAGE);
    if (part.filename !== undefined && part.name !== "manifest") throw new ImportFormRefused(ONE_FILE_MESSAGE);
    return memory({ ...part, data: counted(part.data, part.filename !== undefined ? rowCounter() : null) });
  };
}

export async function readImportForm(request: Request): Promise<ImportForm> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > IMPORT_BODY_LIMIT) return { ok: false, error: TOO_BIG_MESSAGE };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, countingUploadHandler());
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: TOO_BIG_MESSAGE };
    if (error instanceof ImportFormRefused) return { ok: false, error: error.message };
    throw error;
  }
  if (form.getAll("manifest").length > 1) return { ok: false, error: ONE_FILE_MESSAGE };
  const upload = form.get("manifest");
  const file =
    upload instanceof Blob
      ? {
          name: ("name" in upload && typeof upload.name === "string" && upload.name) || "manifest.csv",
          bytes: new Uint8Array(await upload.arrayBuffer()),
        }
      : null;
  return { ok: true, file, model: form.get("model"), duration: form.get("duration") };
}
