import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { signedClipPath, validClipSignature } from "./clip-links.server";
import type { ClipStore } from "./clip-store.server";
import { requestedRange, storedFileResponse } from "./serve-clip.server";

const queryOf = (p: string) => new URL(p, "https://app.example").searchParams;

describe("signed clip links", () => {
  it("are valid for their job and file until they expire, and for nothing else", () => {
    const now = Date.UTC(2026, 11, 2);
    const link = signedClipPath("job-1", "clip.mp4", 3600, now);
    expect(link).toMatch(/^\/clips\/job-1\/clip\.mp4\?expires=\d+&signature=[\w-]+$/);
    expect(validClipSignature("job-1", "clip.mp4", queryOf(link), now)).toBe(true);
    expect(validClipSignature("job-1", "clip.mp4", queryOf(link), now + 3601_000)).toBe(false);
    expect(validClipSignature("job-2", "clip.mp4", queryOf(link), now)).toBe(false);
    expect(validClipSignature("job-1", "poster.jpg", queryOf(link), now)).toBe(false);
    const longer = queryOf(link);
    longer.set("expires", String(Number(longer.get("expires")) + 86_400));
    expect(validClipSignature("job-1", "clip.mp4", longer, now)).toBe(false);
    expect(validClipSignature("job-1", "clip.mp4", new URLSearchParams("expires=abc&signature=%00"), now)).toBe(false);
  });
});

describe("serving a stored clip", () => {
  const bytes = Buffer.from("0123456789");
  const store: ClipStore = {
    putFile: async () => 0,
    size: async (key) => (key === "k" ? bytes.length : null),
    get: async (key, range) =>
      key === "k"
        ? {
            body: Readable.from([range ? bytes.subarray(range.start, range.end + 1) : bytes]),
            size: bytes.length,
            contentType: "video/mp4",
          }
        : null,
    remove: async () => {},
    removePrefix: async () => {},
  };

  it("reads the ranges a video element asks for", () => {
    expect(requestedRange(null, 10)).toBeNull();
    expect(requestedRange("bytes=0-", 10)).toEqual({ start: 0, end: 9 });
    expect(requestedRange("bytes=2-4", 10)).toEqual({ start: 2, end: 4 });
    expect(requestedRange("bytes=-3", 10)).toEqual({ start: 7, end: 9 });
    expect(requestedRange("bytes=5-100", 10)).toEqual({ start: 5, end: 9 });
    expect(requestedRange("bytes=10-", 10)).toBe("unsatisfiable");
    expect(requestedRange("bytes=0-1,4-5", 10)).toBeNull();
  });

  it("answers 206 with the range, 200 with everything, 416 outside it and 404 for a removed clip", async () => {
    const partial = await storedFileResponse(store, "k", new Request("https://a/x", { headers: { range: "bytes=2-4" } }));
    expect(partial.status).toBe(206);
    expect(partial.headers.get("content-range")).toBe("bytes 2-4/10");
    expect(await partial.text()).toBe("234");
    const whole = await storedFileResponse(store, "k", new Request("https://a/x"));
    expect([whole.status, whole.headers.get("accept-ranges"), await whole.text()]).toEqual([200, "bytes", "0123456789"]);
    const outside = await storedFileResponse(store, "k", new Request("https://a/x", { headers: { range: "bytes=20-" } }));
    expect([outside.status, outside.headers.get("content-range")]).toEqual([416, "bytes */10"]);
    expect((await storedFileResponse(store, "gone", new Request("https://a/x"))).status).toBe(404);
  });
});
