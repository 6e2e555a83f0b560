// Step 1 of publishing: reserve a staged upload for the clip and stream the
// provider's MP4 into it. Shopify's storage wants the exact size up front, and
// the file is piped through, never held whole in memory.
import { STAGED_UPLOADS_CREATE, type StagedUploadsCreateData } from "~/shopify-admin/operations";
import { ShopifyRefusedError, type AdminGraphql } from "./admin-graphql";

export class ClipDownloadError extends Error {}

/** The clip's exact size, from the provider's file server. */
export async function clipSize(outputUrl: string): Promise<number> {
  const head = await fetch(outputUrl, { method: "HEAD", signal: AbortSignal.timeout(15_000) });
  const declared = Number(head.headers.get("content-length"));
  if (head.ok && Number.isFinite(declared) && declared > 0) return declared;
  // No size announced: count it by streaming the file once.
  const response = await fetch(outputUrl, { signal: AbortSignal.timeout(120_000) });
  if (!response.ok || !response.body) throw new ClipDownloadError(`The finished clip could not be downloaded (HTTP ${response.status})`);
  const reader = response.body.getReader();
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) size += part.value.byteLength;
  return size;
}

export async function uploadClip(admin: AdminGraphql, input: { outputUrl: string; filename: string }): Promise<string> {
  const fileSize = await clipSize(input.outputUrl);
  const data = await admin.request<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "VIDEO", filename: input.filename, mimeType: "video/mp4", fileSize: String(fileSize), httpMethod: "POST" }],
  });
  const payload = data.stagedUploadsCreate;
  if (payload?.userErrors.length) throw new ShopifyRefusedError(payload.userErrors, "Shopify refused the upload");
  const target = payload?.stagedTargets?.[0];
  if (!target?.url || !target.resourceUrl) throw new Error("Shopify returned no upload target");

  const file = await fetch(input.outputUrl, { signal: AbortSignal.timeout(300_000) });
  if (!file.ok || !file.body) throw new ClipDownloadError(`The finished clip could not be downloaded (HTTP ${file.status})`);
  const boundary = `----catalog-motion-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    target.parameters.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`).join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.filename}"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const source = file.body.getReader();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(head);
    },
    async pull(controller) {
      const { done, value } = await source.read();
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
  const upload = await fetch(target.url, {
    method: "POST",
    headers: { "content-type": `multipart/form-data; boundary=${boundary}`, "content-length": String(head.byteLength + fileSize + tail.byteLength) },
    body,
    duplex: "half",
    signal: AbortSignal.timeout(300_000),
  } as RequestInit);
  if (!upload.ok) {
    const detail = (await upload.text()).slice(0, 300);
    throw new Error(`Uploading the clip to Shopify failed (HTTP ${upload.status}): ${detail}`);
  }
  return target.resourceUrl;
}
