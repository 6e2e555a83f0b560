// Step 1 of publishing: reserve a staged upload for the clip and stream it
// from the app's clip store (app/clips) into it. The provider's URL is never
// read here: it may have expired while the clip waited for review. Shopify's
// storage wants the exact size up front, and the file is piped through, never
// held whole in memory.
import { Readable } from "node:stream";
import type { ClipStore } from "~/clips/clip-store.server";
import { STAGED_UPLOADS_CREATE, type StagedUploadsCreateData } from "~/shopify-admin/operations";
import { AdminApiError, type AdminClient } from "~/shopify-admin/admin-client";

/** The stored clip is gone (removed after its retention period, or by hand): only a new render brings it back. */
export class ClipMissingError extends Error {}

export async function uploadClip(admin: AdminClient, input: { store: ClipStore; clipKey: string; filename: string }): Promise<string> {
  const fileSize = await input.store.size(input.clipKey);
  if (fileSize === null) throw new ClipMissingError("The app's copy of the clip is no longer kept");
  const data = await admin.request<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "VIDEO", filename: input.filename, mimeType: "video/mp4", fileSize: String(fileSize), httpMethod: "POST" }],
  });
  const payload = data.stagedUploadsCreate;
  if (payload?.userErrors.length) throw AdminApiError.fromUserErrors(payload.userErrors, "Shopify refused the upload");
  const target = payload?.stagedTargets?.[0];
  if (!target?.url || !target.resourceUrl) throw new Error("Shopify returned no upload target");

  const stored = await input.store.get(input.clipKey);
  if (!stored) throw new ClipMissingError("The app's copy of the clip is no longer kept");
  const boundary = `----catalog-motion-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    target.parameters.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`).join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.filename}"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const source = (Readable.toWeb(stored.body) as ReadableStream<Uint8Array>).getReader();
  let sourceProblem: unknown = null;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    async pull(controller) {
      let part: ReadableStreamReadResult<Uint8Array>;
      try {
        part = await source.read();
      } catch (error) {
        sourceProblem = error;
        controller.error(sourceProblem);
        return;
      }
      const { done, value } = part;
      if (done) {
        controller.enqueue(tail);
        controller.close();
      } else {
        controller.enqueue(value);
      }
    },
    cancel(reason) {
      void source.cancel(reason);
    },
  });
  let upload: Response;
  try {
    upload = await fetch(target.url, {
      method: "POST",
      headers: {
        "content-type": `multipart/form-data; boundary=${boundary}`,
        "content-length": String(head.byteLength + fileSize + tail.byteLength),
      },
      body,
      duplex: "half",
      signal: AbortSignal.timeout(300_000),
    } as RequestInit);
  } catch (error) {
    // The store's read failing mid-stream shows up here as the upload's failure.
    throw sourceProblem ?? error;
  }
  if (!upload.ok) {
    const detail = (await upload.text()).slice(0, 300);
    throw new Error(`Uploading the clip to Shopify failed (HTTP ${upload.status}): ${detail}`);
  }
  return target.resourceUrl;
}
