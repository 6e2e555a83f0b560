// Step 1 of publishing: reserve a staged upload for the clip and stream the
// provider's MP4 into it. Shopify's storage wants the exact size up front, and
// the file is piped through, never held whole in memory. The clip's URL came
// in a provider callback, so it is fetched only through fetchFromOutside.
import { STAGED_UPLOADS_CREATE, type StagedUploadsCreateData } from "~/shopify-admin/operations";
import { FailedFetchError, fetchFromOutside, RefusedFetchError, type OutsideSource } from "~/security/outbound-fetch.server";
import { AdminApiError, type AdminClient } from "~/shopify-admin/admin-client";

/** Shopify takes product videos of up to 1 GB. */
export const MAX_CLIP_BYTES = 1024 ** 3;

export class ClipDownloadError extends Error {}

/** The clip's address, a redirect or the size it announces is refused: no retry can fix it. */
export class ClipRefusedError extends Error {}

function downloadProblem(error: unknown): unknown {
  if (error instanceof RefusedFetchError) return new ClipRefusedError(`The finished clip was not downloaded: ${error.message}`);
  if (error instanceof FailedFetchError) return new ClipDownloadError(`The finished clip could not be downloaded (${error.message})`);
  return error;
}

async function fetchClip(url: string, source: OutsideSource, options: Parameters<typeof fetchFromOutside>[2]) {
  try {
    return await fetchFromOutside(url, source, options);
  } catch (error) {
    throw downloadProblem(error);
  }
}

/** The clip's exact size, from the provider's file server. */
export async function clipSize(outputUrl: string, source: OutsideSource): Promise<number> {
  const head = await fetchClip(outputUrl, source, { method: "HEAD", maxBytes: MAX_CLIP_BYTES, timeoutMs: 15_000 });
  const declared = Number(head.headers.get("content-length"));
  if (head.ok && Number.isFinite(declared) && declared > 0) return declared;
  // No size announced: count it by streaming the file once.
  const response = await fetchClip(outputUrl, source, { maxBytes: MAX_CLIP_BYTES, timeoutMs: 120_000 });
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new ClipDownloadError(`The finished clip could not be downloaded (HTTP ${response.status})`);
  }
  const reader = response.body.getReader();
  let size = 0;
  try {
    for (let part = await reader.read(); !part.done; part = await reader.read()) size += part.value.byteLength;
  } catch (error) {
    throw downloadProblem(error);
  }
  return size;
}

export async function uploadClip(
  admin: AdminClient,
  input: { outputUrl: string; filename: string; source: OutsideSource },
): Promise<string> {
  const fileSize = await clipSize(input.outputUrl, input.source);
  const data = await admin.request<StagedUploadsCreateData>(STAGED_UPLOADS_CREATE, {
    input: [{ resource: "VIDEO", filename: input.filename, mimeType: "video/mp4", fileSize: String(fileSize), httpMethod: "POST" }],
  });
  const payload = data.stagedUploadsCreate;
  if (payload?.userErrors.length) throw AdminApiError.fromUserErrors(payload.userErrors, "Shopify refused the upload");
  const target = payload?.stagedTargets?.[0];
  if (!target?.url || !target.resourceUrl) throw new Error("Shopify returned no upload target");

  // Shopify was promised fileSize bytes: a longer answer is refused, not sent.
  const file = await fetchClip(input.outputUrl, input.source, { maxBytes: fileSize, timeoutMs: 300_000 });
  if (!file.ok || !file.body) {
    await file.body?.cancel();
    throw new ClipDownloadError(`The finished clip could not be downloaded (HTTP ${file.status})`);
  }
  const boundary = `----catalog-motion-${crypto.randomUUID()}`;
  const encoder = new TextEncoder();
  const head = encoder.encode(
    target.parameters.map((p) => `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`).join("") +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${input.filename}"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const source = file.body.getReader();
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
        sourceProblem = downloadProblem(error);
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
    // The clip's own download failing mid-stream shows up here as the upload's failure.
    throw sourceProblem ?? error;
  }
  if (!upload.ok) {
    const detail = (await upload.text()).slice(0, 300);
    throw new Error(`Uploading the clip to Shopify failed (HTTP ${upload.status}): ${detail}`);
  }
  return target.resourceUrl;
}
