// The streaming multipart reader must see the same fields and file bytes
// however the body is cut into chunks, including cuts inside a boundary.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { boundaryOf, MultipartError, readMultipart } from "./multipart";

const BOUNDARY = "----catalog-motion-3f9a";

function form(fields: [string, string][], file: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from("preamble to ignore"),
    Buffer.from(
      fields.map(([name, value]) => `\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}`).join(""),
    ),
    Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="clip.mp4"\r\nContent-Type: video/mp4\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${BOUNDARY}--\r\nepilogue`),
  ]);
}

async function* chunks(body: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let start = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= start || cut >= body.length) continue;
    yield body.subarray(start, cut);
    start = cut;
  }
  yield body.subarray(start);
}

async function collect(source: AsyncIterable<Buffer>) {
  const parts: { name: string; filename: string | null; contentType: string | null; body: Buffer }[] = [];
  let data: Buffer[] = [];
  for await (const event of readMultipart(source, BOUNDARY)) {
    if (event.type === "part") {
      parts.push({ ...event.headers, body: Buffer.alloc(0) });
      data = [];
    } else if (event.type === "data") {
      data.push(Buffer.from(event.chunk));
    } else {
      parts[parts.length - 1].body = Buffer.concat(data);
    }
  }
  return parts;
}

describe("readMultipart", () => {
  it("reads fields and the file whatever the chunking, even with boundary look-alikes in the file", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(
            fc.constantFrom("key", "policy", "signature"),
            fc.string({ maxLength: 40 }).filter((s) => !s.includes("\r\n--")),
          ),
          { maxLength: 3 },
        ),
        fc.uint8Array({ maxLength: 600 }),
        fc.array(fc.nat(2000), { maxLength: 12 }),
        async (fields, bytes, cuts) => {
          // A partial delimiter inside the file must not end it.
          const file = Buffer.concat([Buffer.from(bytes), Buffer.from(`\r\n--${BOUNDARY.slice(0, 10)}`), Buffer.from(bytes)]);
          const parts = await collect(chunks(form(fields, file), cuts));
          expect(parts.map((p) => [p.name, p.body.toString("utf8")]).slice(0, -1)).toEqual(fields);
          const last = parts[parts.length - 1];
          expect(last).toMatchObject({ name: "file", filename: "clip.mp4", contentType: "video/mp4" });
          expect(last.body.equals(file)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a body that ends before the closing boundary", async () => {
    const body = form([], Buffer.from("video bytes"));
    await expect(collect(chunks(body.subarray(0, body.length - 20), []))).rejects.toBeInstanceOf(MultipartError);
  });

  it("finds the boundary in a Content-Type header, quoted or not", () => {
    expect(boundaryOf(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
    expect(boundaryOf(`multipart/form-data; charset=utf-8; boundary="${BOUNDARY}"`)).toBe(BOUNDARY);
    expect(boundaryOf("application/json")).toBeNull();
    expect(boundaryOf(undefined)).toBeNull();
  });
});
