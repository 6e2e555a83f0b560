// One suite, both clip stores: the local folder and S3-compatible storage
// (s3rver, a local S3 server, started here).
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clipKeysFor, shopPrefix, type ClipStore } from "./clip-store.server";
import { localClipStore } from "./local-clip-store.server";
import { s3ClipStore } from "./s3-clip-store.server";

let work: string;
let s3server: S3rver;
let s3Endpoint: string;

beforeAll(async () => {
  work = await fs.mkdtemp(path.join(os.tmpdir(), "clip-store-test-"));
  s3server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: path.join(work, "s3rver"),
    configureBuckets: [{ name: "clips", configs: [] }],
  });
  const address = await s3server.run();
  s3Endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await s3server?.close();
  await fs.rm(work, { recursive: true, force: true });
});

async function text(store: ClipStore, key: string, range?: { start: number; end: number }) {
  const object = await store.get(key, range);
  if (!object) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of object.body) chunks.push(Buffer.from(chunk as Uint8Array));
  return { text: Buffer.concat(chunks).toString(), size: object.size, contentType: object.contentType };
}

const stores: [string, () => ClipStore][] = [
  ["a local folder", () => localClipStore(path.join(work, "local"))],
  [
    "S3-compatible storage (s3rver)",
    () =>
      s3ClipStore({
        endpoint: s3Endpoint,
        region: "us-east-1",
        bucket: "clips",
        accessKeyId: "S3RVER",
        secretAccessKey: "S3RVER",
        forcePathStyle: true,
      }),
  ],
];

describe.each(stores)("the clip store in %s", (_name, makeStore) => {
  it("keeps a file, reads it whole or by byte range, and knows its size", async () => {
    const store = makeStore();
    const source = path.join(work, "source.mp4");
    await fs.writeFile(source, "0123456789abcdef");
    const { clipKey } = clipKeysFor({ shop: "a.myshopify.com", id: "job-1", rerenders: 0 });
    expect(await store.putFile(clipKey, source, "video/mp4")).toBe(16);
    expect(await store.size(clipKey)).toBe(16);
    expect(await text(store, clipKey)).toEqual({ text: "0123456789abcdef", size: 16, contentType: "video/mp4" });
    expect((await text(store, clipKey, { start: 4, end: 7 }))?.text).toBe("4567");
    expect((await text(store, clipKey, { start: 4, end: 7 }))?.size).toBe(16);
  });

  it("answers null for what it does not hold, and removes files and whole shops", async () => {
    const store = makeStore();
    const source = path.join(work, "poster.jpg");
    await fs.writeFile(source, "jpeg");
    const a = clipKeysFor({ shop: "gone.myshopify.com", id: "job-2", rerenders: 1 });
    const b = clipKeysFor({ shop: "gone.myshopify.com", id: "job-3", rerenders: 0 });
    const kept = clipKeysFor({ shop: "stays.myshopify.com", id: "job-4", rerenders: 0 });
    for (const key of [a.posterKey, b.posterKey, kept.posterKey]) await store.putFile(key, source, "image/jpeg");
    expect(await store.get("shops/nobody/none.mp4")).toBeNull();
    expect(await store.size("shops/nobody/none.mp4")).toBeNull();

    await store.remove([a.posterKey, "shops/nobody/none.mp4"]);
    expect(await store.size(a.posterKey)).toBeNull();
    expect(await store.size(b.posterKey)).toBe(4);

    await store.removePrefix(shopPrefix("gone.myshopify.com"));
    expect(await store.size(b.posterKey)).toBeNull();
    expect(await store.size(kept.posterKey)).toBe(4);
  });
});

it("refuses a local key that would leave the store's folder", async () => {
  const store = localClipStore(path.join(work, "local"));
  await expect(store.size("../outside.mp4")).rejects.toThrow(/leaves its folder/);
});
