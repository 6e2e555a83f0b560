// Every reader of a request body stops at its limit while the body streams
// in, whatever the body claims: an attacker's 300 MB form is cancelled after
// the first few chunks instead of being held in memory, and the import form
// is limited in total, not per part.
import { describe, expect, it } from "vitest";
import { MAX_MANIFEST_ROWS } from "~/manifests/manifest-csv.server";
import { readImportForm } from "~/manifests/manifest-upload.server";
import { FORM_BODY_LIMIT, IMPORT_BODY_LIMIT, MAX_MANIFEST_BYTES, readForm } from "~/security/body-limits.server";

const CHUNK = 64 * 1024;

/** A body of `total` bytes made on demand, remembering how much of it was ever read. */
function endlessBody(total: number, byte = 0x61) {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= total) return controller.close();
      const size = Math.min(CHUNK, total - pulled);
      pulled += size;
      controller.enqueue(new Uint8Array(size).fill(byte));
    },
  });
  return { stream, pulled: () => pulled };
}

function streamedRequest(path: string, body: ReadableStream<Uint8Array>, contentType: string): Request {
  return new Request(`https://catalog-motion.test${path}`, {
    method: "POST",
    body,
    headers: { "content-type": contentType },
    duplex: "half",
  } as RequestInit);
}

async function refusal(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (thrown) {
    return thrown;
  }
  throw new Error("the body was accepted");
}

function multipart(parts: { name: string; filename?: string; bytes: number }[]) {
  const boundary = "----catalog-motion-test";
  const chunks: Uint8Array[] = [];
  const text = (s: string) => chunks.push(new TextEncoder().encode(s));
  for (const part of parts) {
    text(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"${part.filename ? `; filename="${part.filename}"` : ""}\r\n`);
    text(part.filename ? "Content-Type: text/csv\r\n\r\n" : "\r\n");
    chunks.push(new Uint8Array(part.bytes).fill(0x61));
    text("\r\n");
  }
  text(`--${boundary}--\r\n`);
  return { body: new Blob(chunks as BlobPart[]), type: `multipart/form-data; boundary=${boundary}` };
}

describe("signed-in forms", () => {
  it("a 300 MB form is refused with 413 after at most the limit and one chunk was read", async () => {
    const body = endlessBody(300 * 1024 * 1024);
    const thrown = await refusal(() => readForm(streamedRequest("/app/settings", body.stream, "application/x-www-form-urlencoded")));
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(FORM_BODY_LIMIT + 2 * CHUNK);
  });

  it("a declared length over the limit is refused before a byte is read", async () => {
    const body = endlessBody(1024 * 1024);
    const request = new Request("https://catalog-motion.test/app/settings", {
      method: "POST",
      body: body.stream,
      headers: { "content-length": String(1024 * 1024) },
      duplex: "half",
    } as RequestInit);
    const thrown = await refusal(() => readForm(request));
    expect((thrown as Response).status).toBe(413);
    expect(body.pulled()).toBeLessThanOrEqual(CHUNK);
  });

  it("a form within the limit reads as before", async () => {
    const request = new Request("https://catalog-motion.test/app/settings", {
      method: "POST",
      body: new URLSearchParams({ autoPublish: "on", concurrencyCap: "4" }),
    });
    const form = await readForm(request);
    expect(form.get("concurrencyCap")).toBe("4");
  });
});

describe("the import form", () => {
  it("60 file parts of 4.9 MB each are refused once the total passes the import limit, not read whole", async () => {
    const boundary = "----catalog-motion-test";
    const encode = (text: string) => new TextEncoder().encode(text);
    const partBytes = Math.floor(4.9 * 1024 * 1024);
    let pulled = 0;
    let part = 0;
    let inPart = -1;
    let finished = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (finished) return controller.close();
        let chunk: Uint8Array;
        if (part >= 60) {
          chunk = encode(`\r\n--${boundary}--\r\n`);
          finished = true;
        } else if (inPart < 0) {
          chunk = encode(
            `${part > 0 ? "\r\n" : ""}--${boundary}\r\nContent-Disposition: form-data; name="manifest"; filename="part-${part}.csv"\r\nContent-Type: text/csv\r\n\r\n`,
          );
          inPart = 0;
        } else {
          chunk = new Uint8Array(Math.min(CHUNK, partBytes - inPart)).fill(0x61);
          inPart += chunk.byteLength;
          if (inPart >= partBytes) {
            inPart = -1;
            part += 1;
          }
        }
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const outcome = await readImportForm(streamedRequest("/app/import", stream, `multipart/form-data; boundary=${boundary}`));
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining("larger than 5 MB") });
    expect(pulled).toBeLessThanOrEqual(IMPORT_BODY_LIMIT + 4 * CHUNK);
  });

  it("a manifest of 200,000 rows is refused at the row limit while it streams in, long before its end", async () => {
    const boundary = "----catalog-motion-rows";
    const encode = (text: string) => new TextEncoder().encode(text);
    const rows = `${Array.from({ length: 2_000 }, (_, i) => `${i},https://a.io/p.jpg`).join("\n")}\n`;
    const pieces = [
      encode(
        `--${boundary}\r\nContent-Disposition: form-data; name="manifest"; filename="big.csv"\r\nContent-Type: text/csv\r\n\r\nsku,image_url\n`,
      ),
      ...Array.from({ length: 100 }, () => encode(rows)),
      encode(`\r\n--${boundary}--\r\n`),
    ];
    const total = pieces.reduce((sum, piece) => sum + piece.byteLength, 0);
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const piece = pieces.shift();
        if (!piece) return controller.close();
        pulled += piece.byteLength;
        controller.enqueue(piece);
      },
    });
    expect(total).toBeLessThan(MAX_MANIFEST_BYTES);
    const outcome = await readImportForm(streamedRequest("/app/import", stream, `multipart/form-data; boundary=${boundary}`));
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining(`more than ${MAX_MANIFEST_ROWS.toLocaleString("en-US")} rows`) });
    expect(pulled).toBeLessThan(total / 5);
  });

  it("a form with more parts than the page sends is refused", async () => {
    const form = multipart(Array.from({ length: 200 }, (_, i) => ({ name: `field${i}`, bytes: 10 })));
    const outcome = await readImportForm(
      new Request("https://catalog-motion.test/app/import", { method: "POST", body: form.body, headers: { "content-type": form.type } }),
    );
    expect(outcome).toEqual({ ok: false, error: expect.stringContaining("more fields than the import page sends") });
  });

  it("a second file is refused", async () => {
    const form = multipart([
      { name: "manifest", filename: "a.csv", bytes: 100 },
      { name: "other", filename: "b.csv", bytes: 100 },
    ]);
    const outcome = await readImportForm(
      new Request("https://catalog-motion.test/app/import", { method: "POST", body: form.body, headers: { "content-type": form.type } }),
    );
    expect(outcome).toEqual({ ok: false, error: "Import one CSV file at a time." });
  });

  it("a manifest within the limit is read whole, with the other fields", async () => {
    const form = multipart([
      { name: "manifest", filename: "a.csv", bytes: MAX_MANIFEST_BYTES - 1024 },
      { name: "model", bytes: 4 },
    ]);
    const outcome = await readImportForm(
      new Request("https://catalog-motion.test/app/import", { method: "POST", body: form.body, headers: { "content-type": form.type } }),
    );
    if (!outcome.ok) throw new Error(outcome.error);
    expect(outcome.file?.bytes.byteLength).toBe(MAX_MANIFEST_BYTES - 1024);
    expect(outcome.model).toBe("aaaa");
  });
});
