// Oversized bodies against the built web process, sent as an attacker sends
// them (as fast as the socket takes them), signed in where a route needs it:
// each is refused before it is read, and the process's peak resident memory
// (VmHWM) stays under 300 MB through all of them. Three parallel imports of
// 200,000 rows leave small requests answered meanwhile.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { seedOfflineSession, sessionToken } from "../support/shopify-requests";
import { builtAppCopy, realSecrets, startWebServer, type WebServer } from "./built-app";

const SECRETS = realSecrets();
const SHOP = "big-bodies.myshopify.com";
const MB = 1024 * 1024;
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

let app: Awaited<ReturnType<typeof builtAppCopy>>;
let t: TestDatabase;
let web: WebServer;
const peaks: Record<string, number> = {};

beforeAll(async () => {
  app = await builtAppCopy();
  t = await createTestDatabase();
  await seedOfflineSession(t.db, SHOP);
  web = await startWebServer(app.dir, { ...SECRETS, NODE_ENV: "production", DATABASE_URL: t.url, REDIS_URL: inject("redisUrl") });
}, 240_000);

afterAll(async () => {
  console.info(`web process peak RSS after each oversized body (MB): ${JSON.stringify(peaks)}`);
  await web?.stop();
  await t?.drop();
  app?.remove();
});

const signedIn = () => ({
  authorization: `Bearer ${sessionToken(SHOP, { secret: SECRETS.SHOPIFY_API_SECRET, audience: SECRETS.SHOPIFY_API_KEY })}`,
});

/**
 * POSTs `total` bytes (declared, or chunked with no length), writing until the
 * server answers or closes the connection. Resolves with the status (null if
 * the connection was closed without one) and how much was written.
 */
function flood(
  path: string,
  options: { total: number; chunked?: boolean; headers?: Record<string, string>; prefix?: Uint8Array },
): Promise<{ status: number | null; sentMb: number }> {
  return new Promise((resolve) => {
    const request = http.request(`${web.origin}${path}`, {
      method: "POST",
      headers: {
        "user-agent": BROWSER,
        "content-type": "application/octet-stream",
        ...(options.chunked ? {} : { "content-length": String(options.total) }),
        ...options.headers,
      },
    });
    let status: number | null = null;
    let sent = 0;
    let over = false;
    const finish = () => {
      if (over) return;
      over = true;
      resolve({ status, sentMb: Math.round(sent / MB) });
      request.destroy();
    };
    request.on("response", (response) => {
      status = response.statusCode ?? null;
      response.resume();
      response.on("end", finish);
    });
    request.on("error", finish);
    request.on("close", finish);
    request.flushHeaders();
    const chunk = new Uint8Array(MB).fill(0x61);
    // A megabyte per turn of the loop, so an answer that arrives is read
    // before the server's closed socket resets the connection.
    const write = async () => {
      while (!over && sent < options.total) {
        const piece = sent === 0 && options.prefix ? options.prefix : chunk.subarray(0, Math.min(MB, options.total - sent));
        sent += piece.byteLength;
        if (!request.write(piece)) await new Promise((drained) => request.once("drain", drained));
        await new Promise((next) => setImmediate(next));
      }
      if (!over) request.end();
    };
    void write();
  });
}

function recordPeak(label: string) {
  const { peakMb } = web.memory();
  peaks[label] = peakMb;
  expect(peakMb).toBeLessThan(300);
}

describe("oversized bodies against the running web process", () => {
  it("a signed-in 300 MB form gets 413 before it is read", async () => {
    const { status } = await flood("/app/settings", { total: 300 * MB, headers: signedIn() });
    expect(status).toBe(413);
    recordPeak("300 MB form");
  });

  it("a signed-in 300 MB form of unknown length (chunked) gets 411 before it is read", async () => {
    const { status } = await flood("/app/settings", { total: 300 * MB, chunked: true, headers: signedIn() });
    expect(status).toBe(411);
    recordPeak("300 MB chunked form");
  });

  it("a 300 MB extension call gets 413", async () => {
    const { status } = await flood("/api/extension/generate", {
      total: 300 * MB,
      headers: { ...signedIn(), "content-type": "application/json" },
    });
    expect(status).toBe(413);
    recordPeak("300 MB extension call");
  });

  it("an import of 60 file parts of 4.9 MB gets 413 (the limit is on the whole form)", async () => {
    const boundary = "----catalog-motion-flood";
    const head = new TextEncoder().encode(
      `--${boundary}\r\nContent-Disposition: form-data; name="manifest"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    );
    const { status } = await flood("/app/import", {
      total: Math.round(60 * 4.9 * MB),
      prefix: head,
      headers: { ...signedIn(), "content-type": `multipart/form-data; boundary=${boundary}` },
    });
    expect(status).toBe(413);
    recordPeak("60 x 4.9 MB import");
  });

  it("a 200 MB webhook with a bad HMAC gets 413 before the HMAC is checked", async () => {
    const { status } = await flood("/webhooks/app/uninstalled", {
      total: 200 * MB,
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": "bad",
        "x-shopify-topic": "app/uninstalled",
        "x-shopify-shop-domain": SHOP,
      },
    });
    expect(status).toBe(413);
    recordPeak("200 MB webhook");
  });

  it("a 200 MB webhook of unknown length (chunked) is read only up to the webhook limit, then refused", async () => {
    const { status, sentMb } = await flood("/webhooks/shop/redact", {
      total: 200 * MB,
      chunked: true,
      headers: {
        "content-type": "application/json",
        "x-shopify-hmac-sha256": "bad",
        "x-shopify-topic": "shop/redact",
        "x-shopify-shop-domain": SHOP,
      },
    });
    // The route stops reading at the limit and answers 413; the rest of a
    // chunked body cannot be skipped, so the connection may close first.
    expect([413, null]).toContain(status);
    expect(sentMb).toBeLessThan(20);
    recordPeak("200 MB chunked webhook");
  });

  it("a 200 MB provider callback of unknown length (chunked) is refused at the callback limit", async () => {
    const { status, sentMb } = await flood("/webhooks/video/creativeai", {
      total: 200 * MB,
      chunked: true,
      headers: { "content-type": "application/json", "x-creativeai-signature": "sha256=00" },
    });
    expect([413, null]).toContain(status);
    expect(sentMb).toBeLessThan(20);
    recordPeak("200 MB chunked callback");
  });

  it("three parallel 200,000-row imports are refused at the row limit while small requests are answered", async () => {
    const csv = `sku,image_url\n${Array.from({ length: 200_000 }, (_, i) => `${i},https://a.io/p.jpg`).join("\n")}\n`;
    const imports = Array.from({ length: 3 }, () => {
      const form = new FormData();
      form.set("manifest", new Blob([csv], { type: "text/csv" }), "big.csv");
      form.set("model", "kling-v3");
      form.set("duration", "5");
      return fetch(`${web.origin}/app/import?_data=routes%2Fapp.import`, {
        method: "POST",
        body: form,
        headers: { ...signedIn(), "user-agent": BROWSER },
      });
    });
    let importsDone = false;
    const all = Promise.all(imports).finally(() => {
      importsDone = true;
    });
    const waits: number[] = [];
    let answeredDuring = 0;
    while (!importsDone) {
      const started = performance.now();
      const small = await fetch(`${web.origin}/favicon.svg`);
      await small.arrayBuffer();
      waits.push(performance.now() - started);
      if (!importsDone) answeredDuring += 1;
    }
    const answers = await all;
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(JSON.stringify(await answer.json())).toContain("more than 10,000 rows");
    }
    expect(answeredDuring).toBeGreaterThan(0);
    recordPeak("3 parallel 200k-row imports");
    console.info(`small requests during three 200,000-row imports: ${waits.length}, slowest ${Math.round(Math.max(...waits))} ms`);
  });
});
