// Reading a bulk result over a real HTTP connection that drops half-way: the
// read goes on from the end of its last whole line, through a server that
// honours Range (as Cloud Storage does) and through one that sends the whole
// file again; a download that breaks without progress ends with a clear error.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { bulkResultLines, BulkResultUnavailableError } from "./bulk-result-file.server";

const LINES = Array.from({ length: 2_000 }, (_, i) => ({ id: `gid://shopify/Product/${i + 1}`, title: `Lamp “${i + 1}” ✓` }));
const FILE = Buffer.from(LINES.map((l) => JSON.stringify(l)).join("\n") + "\n");

let server: http.Server | null = null;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** Serves FILE; `cutAt(attempt, start)` says after how many bytes of this answer the connection drops (null: never). */
async function serveFile(options: { honoursRange: boolean; cutAt(attempt: number, start: number): number | null }) {
  const ranges: (string | null)[] = [];
  server = http.createServer((request, response) => {
    const attempt = ranges.length;
    ranges.push(request.headers.range ?? null);
    const from = options.honoursRange ? Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? "")?.[1] ?? 0) : 0;
    if (from > 0) {
      response.writeHead(206, { "content-length": FILE.length - from, "content-range": `bytes ${from}-${FILE.length - 1}/${FILE.length}` });
    } else response.writeHead(200, { "content-length": FILE.length });
    const cut = options.cutAt(attempt, from);
    if (cut === null || from + cut >= FILE.length) {
      response.end(FILE.subarray(from));
      return;
    }
    response.write(FILE.subarray(from, from + cut), () => response.socket?.destroy());
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/result.jsonl`, ranges };
}

async function readAll(url: string) {
  const lines: Record<string, unknown>[] = [];
  for await (const line of bulkResultLines(url, fetch, { pauseMs: 1 })) lines.push(line);
  return lines;
}

describe("bulkResultLines", () => {
  it("asks for the rest of the file after each break and reads every line once, in order", async () => {
    // Cuts land inside lines and inside multi-byte characters.
    const { url, ranges } = await serveFile({ honoursRange: true, cutAt: () => 20_011 });
    expect(await readAll(url)).toEqual(LINES);
    expect(ranges.length).toBeGreaterThan(5);
    expect(ranges[0]).toBeNull();
    // Each resume starts where a whole line ended.
    for (const range of ranges.slice(1)) {
      const from = Number(/^bytes=(\d+)-$/.exec(range!)![1]);
      expect(FILE[from - 1]).toBe(0x0a);
    }
  });

  it("skips what it has read when the server sends the whole file again", async () => {
    const { url, ranges } = await serveFile({ honoursRange: false, cutAt: (attempt) => 30_000 * (attempt + 1) });
    expect(await readAll(url)).toEqual(LINES);
    expect(ranges.length).toBeGreaterThan(3);
  });

  it("gives up with a clear error when the download keeps breaking before a new line", async () => {
    const { url, ranges } = await serveFile({ honoursRange: true, cutAt: (attempt, start) => (start === 0 ? 10_000 : 5) });
    const read = readAll(url);
    await expect(read).rejects.toBeInstanceOf(BulkResultUnavailableError);
    await expect(read).rejects.toMatchObject({ expired: false, message: expect.stringMatching(/broke 4 times at byte \d+/) });
    expect(ranges.length).toBe(5);
  });

  it("reads an unbroken file in one download", async () => {
    const { url, ranges } = await serveFile({ honoursRange: true, cutAt: () => null });
    expect(await readAll(url)).toEqual(LINES);
    expect(ranges).toEqual([null]);
  });
});
