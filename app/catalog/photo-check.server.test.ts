// The preview's photo check against a real HTTP server (allowed as a dev
// origin on loopback, as the sandbox's photo server is): what skips a row,
// what only gets mentioned, and that each address is asked once.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkPhoto, checkPhotos } from "./photo-check.server";

let origin: string;
let server: http.Server;
const heads: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    heads.push(`${req.method} ${req.url}`);
    const answers: Record<string, [number, Record<string, string>]> = {
      "/photo.jpg": [200, { "content-type": "image/jpeg", "content-length": "52000" }],
      "/photo.webp": [200, { "content-type": "image/webp; charset=binary" }],
      "/page": [200, { "content-type": "text/html; charset=utf-8" }],
      "/missing.jpg": [404, { "content-type": "text/html" }],
      "/private.jpg": [403, {}],
      "/huge.png": [200, { "content-type": "image/png", "content-length": String(30 * 1024 * 1024) }],
      "/broken.jpg": [503, {}],
    };
    const [status, headers] = answers[req.url ?? ""] ?? [404, {}];
    res.writeHead(status, headers).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const check = (path: string) => checkPhoto(`${origin}${path}`, { devOrigins: [origin] });

describe("checking a manifest's photos", () => {
  it("accepts JPEG, PNG and WebP photos, asking with HEAD", async () => {
    expect(await check("/photo.jpg")).toEqual({ ok: true });
    expect(await check("/photo.webp")).toEqual({ ok: true });
    expect(heads).toContain("HEAD /photo.jpg");
  });

  it("skips a row whose address is not a photo, not there, not public or too large", async () => {
    expect(await check("/page")).toEqual({ ok: false, skip: true, reason: "image_url is not a JPEG, PNG or WebP photo (it is text/html)" });
    expect(await check("/missing.jpg")).toMatchObject({ skip: true, reason: "image_url has no photo at that address" });
    expect(await check("/private.jpg")).toMatchObject({ skip: true, reason: expect.stringMatching(/not public/) });
    expect(await check("/huge.png")).toMatchObject({ skip: true, reason: "image_url is a photo larger than 20 MB" });
  });

  it("only mentions a photo whose server fails or cannot be reached, and never names an HTTP status", async () => {
    const failing = await check("/broken.jpg");
    expect(failing).toMatchObject({ ok: false, skip: false });
    const unreachable = await checkPhoto("https://photos.invalid/a.jpg", { resolve: async () => Promise.reject(new Error("ENOTFOUND")) });
    expect(unreachable).toMatchObject({ ok: false, skip: false, reason: "the photo's address could not be reached to check it" });
    for (const verdict of [failing, unreachable]) expect(JSON.stringify(verdict)).not.toMatch(/\b[45]\d\d\b/);
  });

  it("refuses an address that resolves to a private network", async () => {
    const verdict = await checkPhoto("https://photos.example.com/a.jpg", { resolve: async () => [{ address: "10.0.0.7", family: 4 }] });
    expect(verdict).toMatchObject({ skip: true, reason: expect.stringMatching(/private network/) });
  });

  it("asks each distinct address once", async () => {
    heads.length = 0;
    const urls = [`${origin}/photo.jpg`, `${origin}/photo.jpg`, `${origin}/page`, `${origin}/photo.jpg`];
    const results = await checkPhotos(urls, { devOrigins: [origin], concurrency: 2 });
    expect(results.size).toBe(2);
    expect(heads.sort()).toEqual(["HEAD /page", "HEAD /photo.jpg"]);
  });
});
