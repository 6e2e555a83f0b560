// How provider HTTP failures become errors a merchant can read and a worker
// can act on (retry or not, and when).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { providerErrorFrom } from "./contract-test-support";
import { errorForStatus, providerMessageFrom, requestProviderJson } from "./provider-http.server";

describe("providerMessageFrom", () => {
  it.each([
    ['{"error":{"message":"image_url is required","type":"invalid_request_error"}}', "image_url is required"],
    ['{"success":false,"message":"Invalid API key"}', "Invalid API key"],
    ['{"error":"quota exceeded"}', "quota exceeded"],
    ['"plain JSON string"', "plain JSON string"],
    ["Service Unavailable", "Service Unavailable"],
    ["  line one\n\n  line two  ", "line one line two"],
  ])("reads %s", (body, message) => {
    expect(providerMessageFrom(body)).toBe(message);
  });

  it.each([
    ["an empty body", ""],
    ["an HTML error page", "<html><body><h1>502 Bad Gateway</h1></body></html>"],
    ["JSON without a message", '{"code":42}'],
    ["a message that is not text", '{"message":{"nested":true}}'],
  ])("has nothing to say for %s", (_name, body) => {
    expect(providerMessageFrom(body)).toBeNull();
  });

  it("cuts a long message to about 300 characters", () => {
    const message = providerMessageFrom(JSON.stringify({ message: "x".repeat(5_000) })) as string;
    expect(message).toHaveLength(300);
    expect(message.endsWith("…")).toBe(true);
  });
});

describe("errorForStatus", () => {
  it("makes 429 retryable, with Retry-After", () => {
    expect(errorForStatus(429, "slow down", "30")).toMatchObject({
      status: 429,
      retryable: true,
      retryAfterMs: 30_000,
      providerMessage: "slow down",
    });
  });

  it.each([500, 502, 503, 504])("makes %i retryable", (status) => {
    expect(errorForStatus(status, null, null)).toMatchObject({ status, retryable: true, retryAfterMs: null });
  });

  it.each([400, 401, 403, 404, 409, 422])("makes %i final", (status) => {
    expect(errorForStatus(status, "no", null)).toMatchObject({ status, retryable: false, providerMessage: "no" });
  });

  it("puts the provider's words in the merchant's message", () => {
    expect(errorForStatus(422, "duration must be 5 or 10", null).message).toBe(
      "The video provider refused the request: duration must be 5 or 10",
    );
    expect(errorForStatus(404, null, null).message).toBe("The video provider refused the request (HTTP 404)");
    expect(errorForStatus(401, "Invalid API key", null).message).toContain("Check the key in Settings");
  });
});

describe("requestProviderJson", () => {
  const API_KEY = "rph_live_secret_123";
  // Answers chosen by path: what a misbehaving provider or a proxy in front of it sends.
  const answers: Record<string, { status: number; type: string; body: string }> = {
    "/ok": { status: 200, type: "application/json", body: '{"id":"vgen_1"}' },
    "/echoes-key": { status: 401, type: "application/json", body: JSON.stringify({ error: { message: `Key ${API_KEY} is revoked` } }) },
    "/proxy-page": { status: 502, type: "text/html", body: "<html><body>Bad gateway</body></html>" },
    "/not-json": { status: 200, type: "text/plain", body: "OK" },
  };
  let server: http.Server;
  let origin: string;
  let seenAuthorization: string | undefined;

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seenAuthorization = request.headers.authorization;
      const answer = answers[request.url ?? ""];
      response.writeHead(answer.status, { "content-type": answer.type }).end(answer.body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const call = (path: string) =>
    requestProviderJson({
      provider: "creativeai",
      method: "GET",
      url: `${origin}${path}`,
      headers: { authorization: `Bearer ${API_KEY}` },
      apiKey: API_KEY,
      timeoutMs: 2_000,
    });

  it("returns the JSON of a 2xx and sends the given headers", async () => {
    expect(await call("/ok")).toEqual({ id: "vgen_1" });
    expect(seenAuthorization).toBe(`Bearer ${API_KEY}`);
  });

  it("never repeats the API key, even when the provider echoes it", async () => {
    const error = await providerErrorFrom(call("/echoes-key"));
    expect(error.providerMessage).toBe("Key [redacted] is revoked");
    expect(error.message).not.toContain(API_KEY);
  });

  it("retries a proxy's HTML error page without quoting it", async () => {
    expect(await providerErrorFrom(call("/proxy-page"))).toMatchObject({ status: 502, retryable: true, providerMessage: null });
  });

  it("does not retry a 2xx it cannot read: the provider may have acted on it", async () => {
    const error = await providerErrorFrom(call("/not-json"));
    expect(error).toMatchObject({ status: 200, retryable: false });
    expect(error.message).toBe("The video provider sent an answer we could not read.");
  });
});
