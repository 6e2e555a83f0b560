// CreativeAI callback verification: the signature over the exact raw bytes,
// every malformed header an attacker could send, and the documented payload.
import crypto from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CreativeAiProvider } from "./creativeai.server";

const API_KEY = "rph_live_example_key";
const provider = new CreativeAiProvider({ apiKey: API_KEY });

function sign(body: string, key = API_KEY): string {
  return `sha256=${crypto.createHmac("sha256", key).update(body).digest("hex")}`;
}

function documentedHeaders(signature: string | null, deliveryId: string | null = "vgen_abc123"): Headers {
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-CreativeAI-Event": "video.generation.completed",
    "User-Agent": "CreativeAI-Webhooks/1.0",
  });
  if (deliveryId !== null) headers.set("X-CreativeAI-Delivery-Id", deliveryId);
  if (signature !== null) headers.set("X-CreativeAI-Signature", signature);
  return headers;
}

// Seed 001's example callback body as the docs print it, with the fields seed
// 003's payload table adds (model_actual, error_message).
const DOCUMENTED_COMPLETED = `{
  "id": "vgen_abc123",
  "object": "video.generation",
  "status": "completed",
  "model": "kling-v3",
  "model_actual": "kling-v3",
  "prompt": "Product reveal animation on white background",
  "output_url": "https://cdn.creativeai.run/output/video-abc123.mp4",
  "error_message": null,
  "credits": 3,
  "failover_used": false,
  "completed_at": "2026-03-10T14:23:01Z"
}`;

// A failure as seed 003 describes it (output_url null, error_message set),
// with the error text from seed 002's manifest.
const DOCUMENTED_FAILED = JSON.stringify({
  id: "vgen_abc123",
  object: "video.generation",
  status: "failed",
  model: "kling-v3",
  model_actual: "seedance-1.5-pro",
  prompt: "Product reveal animation on white background",
  output_url: null,
  error_message: "provider timeout after retry budget",
  credits: 0,
  failover_used: true,
  completed_at: "2026-03-11T08:44:03Z",
});

function verify(rawBody: string, headers: Headers) {
  return provider.verifyCallback({ rawBody, headers });
}

describe("CreativeAI callbacks: documented examples", () => {
  it("reads every documented field of a completed render", () => {
    const verification = verify(DOCUMENTED_COMPLETED, documentedHeaders(sign(DOCUMENTED_COMPLETED)));

    expect(verification).toEqual({
      ok: true,
      event: "video.generation.completed",
      deliveryKey: "creativeai:vgen_abc123:completed",
      result: {
        generationId: "vgen_abc123",
        status: "completed",
        outputUrl: "https://cdn.creativeai.run/output/video-abc123.mp4",
        errorMessage: null,
        credits: 3,
        failoverUsed: false,
        modelActual: "kling-v3",
        completedAt: "2026-03-10T14:23:01Z",
      },
    });
  });

  it("reads a failed render's error message and failover flag", () => {
    const verification = verify(DOCUMENTED_FAILED, documentedHeaders(sign(DOCUMENTED_FAILED)));

    expect(verification).toMatchObject({
      ok: true,
      deliveryKey: "creativeai:vgen_abc123:failed",
      result: {
        status: "failed",
        outputUrl: null,
        errorMessage: "provider timeout after retry budget",
        credits: 0,
        failoverUsed: true,
        modelActual: "seedance-1.5-pro",
        completedAt: "2026-03-11T08:44:03Z",
      },
    });
  });

  it("accepts the exact bytes whatever their whitespace, key order or non-ASCII text", () => {
    const unusual =
      '{\n\t"completed_at":"2026-03-10T14:23:01Z" ,  "status"  :  "completed",\r\n"output_url":"https://cdn.creativeai.run/o.mp4",' +
      '"prompt":"Tasse en céramique ☕ sur fond blanc",   "id":"vgen_abc123"}\n';
    const verification = verify(unusual, documentedHeaders(sign(unusual)));

    expect(verification).toMatchObject({
      ok: true,
      result: { generationId: "vgen_abc123", status: "completed", credits: null, failoverUsed: false },
    });
  });

  it("rejects the same payload re-serialised, because the signature is over the bytes sent", () => {
    const reserialised = JSON.stringify(JSON.parse(DOCUMENTED_COMPLETED));
    expect(verify(reserialised, documentedHeaders(sign(DOCUMENTED_COMPLETED)))).toMatchObject({ ok: false, reason: "bad_signature" });
  });

  it("accepts a callback without the delivery id header", () => {
    expect(verify(DOCUMENTED_COMPLETED, documentedHeaders(sign(DOCUMENTED_COMPLETED), null)).ok).toBe(true);
  });

  it("accepts the signature's hex in uppercase: it decodes to the same digest", () => {
    const upper = `sha256=${sign(DOCUMENTED_COMPLETED).slice(7).toUpperCase()}`;
    expect(verify(DOCUMENTED_COMPLETED, documentedHeaders(upper)).ok).toBe(true);
  });
});

describe("CreativeAI callbacks: signatures that must be refused", () => {
  const valid = sign(DOCUMENTED_COMPLETED);
  const cases: Array<[string, string, string | null]> = [
    ["a tampered body", DOCUMENTED_COMPLETED.replace('"credits": 3', '"credits": 0'), valid],
    ["a signature made with another key", DOCUMENTED_COMPLETED, sign(DOCUMENTED_COMPLETED, "rph_live_other_key")],
    ["a truncated signature", DOCUMENTED_COMPLETED, valid.slice(0, -2)],
    ["a signature one hex digit too long", DOCUMENTED_COMPLETED, `${valid}0`],
    ["non-hex characters of the right length", DOCUMENTED_COMPLETED, `sha256=${"zz".repeat(32)}`],
    ["a missing header", DOCUMENTED_COMPLETED, null],
    ["an empty header", DOCUMENTED_COMPLETED, ""],
    ["sha256= with no hex", DOCUMENTED_COMPLETED, "sha256="],
    ["the hex without its prefix", DOCUMENTED_COMPLETED, valid.slice(7)],
    ["another algorithm's prefix", DOCUMENTED_COMPLETED, valid.replace("sha256=", "sha1=")],
    ["an uppercase prefix", DOCUMENTED_COMPLETED, valid.replace("sha256=", "SHA256=")],
    ["two signatures in one header", DOCUMENTED_COMPLETED, `${valid},${valid}`],
    ["a very long header", DOCUMENTED_COMPLETED, `sha256=${"a".repeat(100_000)}`],
    ["a signature of the empty body on an empty body", "", sign("")],
    ["an empty body", "", valid],
  ];

  it.each(cases)("refuses %s without throwing", (_name, body, signature) => {
    expect(verify(body, documentedHeaders(signature))).toEqual({
      ok: false,
      reason: "bad_signature",
      message: "The callback signature does not match.",
    });
  });
});

describe("CreativeAI callbacks: signed bodies that are not a generation", () => {
  const bodies: Array<[string, string]> = [
    ["not JSON", "{not json"],
    ["a JSON array", "[]"],
    ["JSON null", "null"],
    ["no id", JSON.stringify({ status: "completed", output_url: "https://cdn.example.com/a.mp4" })],
    ["an unknown status", JSON.stringify({ id: "vgen_abc123", status: "exploded" })],
    ["a completed render without output_url", JSON.stringify({ id: "vgen_abc123", status: "completed", output_url: null })],
    ["an output_url that is not a URL", JSON.stringify({ id: "vgen_abc123", status: "completed", output_url: "video.mp4" })],
    ["credits that are not a number", JSON.stringify({ id: "vgen_abc123", status: "failed", credits: "three" })],
  ];

  it.each(bodies)("answers bad_body for %s", (_name, body) => {
    const verification = verify(body, documentedHeaders(sign(body), null));
    expect(verification).toMatchObject({ ok: false, reason: "bad_body" });
  });

  it("answers bad_body when the delivery id names another generation than the body", () => {
    const verification = verify(DOCUMENTED_COMPLETED, documentedHeaders(sign(DOCUMENTED_COMPLETED), "vgen_other"));
    expect(verification).toMatchObject({ ok: false, reason: "bad_body" });
  });

  it("accepts an in-progress status, which the docs do not list, so a late event is recorded", () => {
    const body = JSON.stringify({ id: "vgen_abc123", status: "processing", output_url: null });
    expect(verify(body, documentedHeaders(sign(body)))).toMatchObject({
      ok: true,
      deliveryKey: "creativeai:vgen_abc123:processing",
      result: { status: "processing", outputUrl: null },
    });
  });
});

describe("CreativeAI callbacks: properties", () => {
  // Header values the Fetch Headers class can hold (it refuses CR, LF and NUL, and trims).
  const headerValue = fc.string({ unit: "binary-ascii", maxLength: 200 }).filter((value) => !/[\r\n\0]/.test(value));

  it("never throws, and never accepts, for arbitrary headers and bodies", () => {
    fc.assert(
      fc.property(headerValue, fc.option(headerValue), fc.string({ unit: "binary", maxLength: 500 }), (signature, deliveryId, body) => {
        const verification = verify(body, documentedHeaders(signature, deliveryId));
        expect(verification.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it("never throws for arbitrary correctly signed JSON, answering ok or bad_body", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const body = JSON.stringify(value) ?? "null";
        const verification = verify(body, documentedHeaders(sign(body), null));
        expect(verification.ok || verification.reason === "bad_body").toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it("accepts every correctly signed generation and reads it back unchanged", () => {
    const generation = fc.record({
      id: fc.stringMatching(/^vgen_[0-9a-z]{1,24}$/),
      status: fc.constantFrom("completed", "failed"),
      credits: fc.integer({ min: 0, max: 100 }),
      failover_used: fc.boolean(),
      model_actual: fc.constantFrom("kling-v3", "seedance-1.5-pro"),
      prompt: fc.string({ unit: "grapheme", maxLength: 80 }),
      error_message: fc.option(fc.string({ unit: "grapheme", maxLength: 80 }), { nil: null }),
    });
    fc.assert(
      fc.property(generation, (payload) => {
        const full = { ...payload, output_url: payload.status === "completed" ? "https://cdn.example.com/v.mp4" : null };
        const body = JSON.stringify(full, null, 1);
        const verification = verify(body, documentedHeaders(sign(body), payload.id));
        if (!verification.ok) throw new Error(verification.message);
        expect(verification.result).toMatchObject({
          generationId: payload.id,
          status: payload.status,
          credits: payload.credits,
          failoverUsed: payload.failover_used,
          errorMessage: payload.error_message,
        });
      }),
      { numRuns: 200 },
    );
  });
});
