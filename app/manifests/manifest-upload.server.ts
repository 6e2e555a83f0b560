// Reading the import form: the uploaded file is held in memory only up to the
// manifest size limit; a larger upload is refused while it streams in.
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_MANIFEST_BYTES } from "./manifest-csv.server";
import type { ManifestUpload } from "./manifest-import.server";

export type ImportForm =
  | { ok: true; file: ManifestUpload | null; model: FormDataEntryValue | null; duration: FormDataEntryValue | null }
  | { ok: false; error: string };

export const TOO_BIG_MESSAGE = `The file is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MB. Split it into smaller files and import them one by one.`;

export async function readImportForm(request: Request): Promise<ImportForm> {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_MANIFEST_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: TOO_BIG_MESSAGE };
    throw error;
  }
  const upload = form.get("manifest");
  const file = upload instanceof Blob
    ? { name: ("name" in upload && typeof upload.name === "string" && upload.name) || "manifest.csv", bytes: new Uint8Array(await upload.arrayBuffer()) }
    : null;
  return { ok: true, file, model: form.get("model"), duration: form.get("duration") };
}
