// JSON2Video callbacks carry no signature: the per-job token in the callback
// URL is the only proof, so its check must hold for every malformed input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Json2VideoProvider, newCallbackToken } from "./json2video.server";

const provider = new Json2VideoProvider({ apiKey: "j2v_example_key" });
const TOKEN = newCallbackToken();

// Seed 004, step 3, with our client-data in place of the tutorial's.
const DOCUMENTED_DONE = `{
  "project": "abc123",
  "status": "done",
  "url": "https://assets.json2video.com/clients/xyz/abc123.mp4",
  "duration": 24,
  "size": 5421988,
  "client-data": {
    "job_reference": "job_4821"
  }
}`;

// "On failure status is "error" and a message field replaces url."
const DOCUMENTED_ERROR = JSON.stringify({
  project: "abc123",
  status: "error",
  message: "Source image could not be downloaded",
  "client-data": { job_reference: "job_4821" },
});

function verify(rawBody: string, urlToken: string | null | undefined, expectedToken: string | null | undefined = TOKEN) {
  return provider.verifyCallback({ rawBody, headers: new Headers({ "content-type": "application/json" }), urlToken, expectedToken });
}

describe("JSON2Video callbacks: the URL token", () => {
  it("is 32 random bytes in base64url, different every time", () => {
    expect(TOKEN).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(TOKEN, "base64url")).toHaveLength(32);
    expect(newCallbackToken()).not.toBe(TOKEN);
  });

  it("accepts the right token", () => {
    expect(verify(DOCUMENTED_DONE, TOKEN).ok).toBe(true);
  });

  const refused: Array<[string, string | null | undefined, string | null | undefined]> = [
    ["a wrong token of the same length", newCallbackToken(), TOKEN],
    ["a token one character short", TOKEN.slice(0, -1), TOKEN],
    ["a token with a character added", `${TOKEN}A`, TOKEN],
    ["a token differing in case only", TOKEN.toUpperCase() === TOKEN ? TOKEN.toLowerCase() : TOKEN.toUpperCase(), TOKEN],
    ["a missing token", undefined, TOKEN],
    ["a null token", null, TOKEN],
    ["an empty token", "", TOKEN],
    ["an empty token when none is stored", "", ""],
    ["a token when the job has none stored", TOKEN, null],
    ["no token on either side", undefined, undefined],
  ];

  it.each(refused)("refuses %s without throwing", (_name, urlToken, expectedToken) => {
    expect(verify(DOCUMENTED_DONE, urlToken, expectedToken)).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("never throws, and accepts only the exact token, for arbitrary strings", () => {
    fc.assert(
      fc.property(
        fc.option(fc.string({ unit: "binary" })),
        fc.option(fc.string({ unit: "binary" })),
        fc.string(),
        (urlToken, expected, body) => {
          const verification = verify(body, urlToken, expected);
          if (verification.ok) expect(urlToken).toBe(expected);
          if (urlToken !== expected) expect(verification).toMatchObject({ ok: false, reason: "bad_signature" });
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("JSON2Video callbacks: the documented body", () => {
  it("reads a finished movie and our job reference", () => {
    expect(verify(DOCUMENTED_DONE, TOKEN)).toEqual({
      ok: true,
      event: null,
      deliveryKey: "json2video:abc123:done",
      result: {
        generationId: "abc123",
        status: "completed",
        outputUrl: "https://assets.json2video.com/clients/xyz/abc123.mp4",
        errorMessage: null,
        credits: null,
        failoverUsed: false,
        modelActual: null,
        completedAt: null,
        jobReference: "job_4821",
      },
    });
  });

  it("reads a failed movie's message", () => {
    expect(verify(DOCUMENTED_ERROR, TOKEN)).toMatchObject({
      ok: true,
      deliveryKey: "json2video:abc123:error",
      result: { status: "failed", outputUrl: null, errorMessage: "Source image could not be downloaded", jobReference: "job_4821" },
    });
  });

  it("reads a movie whose client-data is someone else's shape, without a job reference", () => {
    const body = JSON.stringify({
      project: "abc123",
      status: "done",
      url: "https://a.example/v.mp4",
      "client-data": { listing_id: "L-4821" },
    });
    expect(verify(body, TOKEN)).toMatchObject({ ok: true, result: { jobReference: null } });
  });

  const bodies: Array<[string, string]> = [
    ["not JSON", "ok"],
    ["an empty body", ""],
    ["no project", JSON.stringify({ status: "done", url: "https://a.example/v.mp4" })],
    ["an unknown status", JSON.stringify({ project: "abc123", status: "finished" })],
    ["a finished movie without url", JSON.stringify({ project: "abc123", status: "done" })],
    ["client-data that is not an object", JSON.stringify({ project: "abc123", status: "error", "client-data": "job_1" })],
  ];

  it.each(bodies)("answers bad_body for %s with the right token", (_name, body) => {
    expect(verify(body, TOKEN)).toMatchObject({ ok: false, reason: "bad_body" });
  });
});
