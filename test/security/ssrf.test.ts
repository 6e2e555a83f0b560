// A provider callback chooses the clip URL the worker fetches. Probed as an
// attacker would: loopback in every spelling, names that resolve to private,
// link-local, unique-local and carrier-grade NAT addresses, redirects to
// loopback, endless redirects, huge and slow answers. Only loopback servers
// are ever connected to: every other address is a DNS answer given by the
// test, and the test checks the connection was refused at the lookup, before
// any socket connected.
import diagnostics from "node:diagnostics_channel";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import http from "node:http";
import type { LookupAddress } from "node:dns";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseEnv } from "~/config/env.server";
import { ClipCopyRefusedError, copyClipToFile } from "~/clips/clip-copy.server";
import { FailedFetchError, fetchFromOutside, RefusedFetchError, type OutsideSource } from "~/security/outbound-fetch.server";
import { OUTPUT_HOSTS } from "~/providers/registry.server";

interface LoopbackServer {
  origin: string;
  port: number;
  requests: string[];
  connections: number;
  close(): Promise<void>;
}

async function loopbackServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    handler(req, res);
  });
  server.on("connection", () => void state.connections++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const state: LoopbackServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests: [],
    connections: 0,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return state;
}

/** A name server that answers every name with the given addresses, and remembers the questions. */
function answering(...addresses: string[]) {
  const asked: string[] = [];
  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { asked, resolve };
}

// Every client socket the process opens: whether its lookup handed it an
// address (after which it would connect) and whether it connected.
const sockets: { lookedUp: string[]; connected: boolean }[] = [];
const onSocket = ({ socket }: { socket: Socket }) => {
  const record = { lookedUp: [] as string[], connected: false };
  sockets.push(record);
  socket.on("lookup", (error: Error | null, address?: string) => {
    if (!error && address) record.lookedUp.push(address);
  });
  socket.on("connect", () => void (record.connected = true));
};

const creativeAi: OutsideSource = { hosts: OUTPUT_HOSTS.creativeai, devOrigins: [] };
const limits = { maxBytes: 1024 * 1024, timeoutMs: 5_000 };
let metadata: LoopbackServer;

beforeAll(async () => {
  diagnostics.subscribe("net.client.socket", onSocket as (message: unknown) => void);
  // Stands in for a cloud metadata service or an internal admin port on the worker's host.
  metadata = await loopbackServer((_req, res) => res.end("secret-credentials"));
});
afterAll(async () => {
  diagnostics.unsubscribe("net.client.socket", onSocket as (message: unknown) => void);
  await metadata.close();
});
afterEach(() => {
  sockets.length = 0;
});

async function refusal(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e as Error,
  );
  expect(error, "the fetch was expected to be refused").toBeInstanceOf(Error);
  return error!;
}

describe("clip URLs naming loopback", () => {
  it.each([
    ["plain", (port: number) => `http://127.0.0.1:${port}/latest/meta-data/`],
    ["https to loopback", (port: number) => `https://127.0.0.1:${port}/latest/meta-data/`],
    ["decimal", (port: number) => `https://2130706433:${port}/`],
    ["hex and short form", (port: number) => `https://0x7f.1:${port}/`],
    ["octal", (port: number) => `https://017700000001:${port}/`],
    ["IPv4-mapped IPv6", (port: number) => `https://[::ffff:127.0.0.1]:${port}/`],
    ["IPv6 loopback", (port: number) => `https://[::1]:${port}/`],
    ["a name for loopback", (port: number) => `https://localhost:${port}/`],
  ])("refuses %s without connecting", async (_name, urlFor) => {
    const error = await refusal(fetchFromOutside(urlFor(metadata.port), creativeAi, limits));
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(metadata.connections).toBe(0);
  });

  it("refuses to copy a loopback clip into the clip store before connecting (the probe from the security review)", async () => {
    const target = path.join(os.tmpdir(), `ssrf-${process.pid}-never-written.mp4`);
    const error = await refusal(copyClipToFile(`${metadata.origin}/latest/meta-data/iam/security-credentials/`, creativeAi, target));
    expect(error).toBeInstanceOf(ClipCopyRefusedError);
    expect(fs.existsSync(target)).toBe(false);
    expect(error.message).toMatch(/not fetched, only https/);
    expect(metadata.requests).toEqual([]);
  });

  it("refuses an allowed provider host whose DNS answer is loopback, and never connects", async () => {
    const dns = answering("127.0.0.1");
    const error = await refusal(
      fetchFromOutside(`https://cdn.creativeai.run:${metadata.port}/clip.mp4`, creativeAi, { ...limits, resolve: dns.resolve }),
    );
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(error.message).toBe("cdn.creativeai.run resolves to 127.0.0.1, a loopback address");
    expect(dns.asked).toEqual(["cdn.creativeai.run"]);
    expect(metadata.connections).toBe(0);
    expect(sockets.every((s) => s.lookedUp.length === 0 && !s.connected)).toBe(true);
  });
});

describe("clip URLs whose name resolves to an internal network", () => {
  it.each([
    ["private 10/8", "10.0.0.7"],
    ["private 192.168/16", "192.168.1.20"],
    ["private 172.16/12", "172.20.0.3"],
    ["link-local (cloud metadata)", "169.254.169.254"],
    ["carrier-grade NAT", "100.64.0.9"],
    ["unspecified", "0.0.0.0"],
    ["IPv6 unique-local", "fd12:3456::1"],
    ["IPv6 link-local", "fe80::1"],
    ["IPv4-mapped private", "::ffff:10.0.0.7"],
    ["NAT64 of a private address", "64:ff9b::a00:7"],
  ])("refuses %s at the lookup, before any socket connects", async (_name, address) => {
    const dns = answering(address);
    const error = await refusal(
      fetchFromOutside("https://cdn.creativeai.run/output/video-abc123.mp4", creativeAi, { ...limits, resolve: dns.resolve }),
    );
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(error.message).toContain(`resolves to ${address}`);
    expect(sockets.length).toBeGreaterThan(0);
    expect(sockets.every((s) => s.lookedUp.length === 0 && !s.connected)).toBe(true);
  });

  it("refuses a name when any one of its answers is internal", async () => {
    const dns = answering("127.0.0.1", "10.0.0.7");
    const error = await refusal(
      fetchFromOutside(`https://cdn.creativeai.run:${metadata.port}/clip.mp4`, creativeAi, { ...limits, resolve: dns.resolve }),
    );
    expect(error.message).toContain("resolves to");
    expect(metadata.connections).toBe(0);
  });

  it.each([
    ["link-local literal", "https://169.254.169.254/latest/meta-data/"],
    ["private literal", "https://10.0.0.7/clip.mp4"],
    ["a host the provider does not serve clips from", "https://evil.example.com/clip.mp4"],
    ["a look-alike of the provider's host", "https://cdn.creativeai.run.evil.example/clip.mp4"],
    ["plain http to the provider's host", "http://cdn.creativeai.run/clip.mp4"],
    ["credentials", "https://user:pass@cdn.creativeai.run/clip.mp4"],
    ["file:", "file:///etc/passwd"],
  ])("refuses %s without even a DNS question", async (_name, url) => {
    const dns = answering("127.0.0.1");
    const error = await refusal(fetchFromOutside(url, creativeAi, { ...limits, resolve: dns.resolve }));
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(dns.asked).toEqual([]);
    expect(sockets).toEqual([]);
  });
});

describe("redirects, size and time", () => {
  let simulatorFiles: LoopbackServer;
  let slow: LoopbackServer;
  const clip = Buffer.alloc(64 * 1024, 7);

  beforeAll(async () => {
    // The simulator's file server: the one development origin these tests allow.
    simulatorFiles = await loopbackServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/clip.mp4")
        return void res
          .writeHead(200, { "content-type": "video/mp4", "content-length": clip.length })
          .end(req.method === "HEAD" ? undefined : clip);
      if (url.pathname === "/to-loopback") return void res.writeHead(302, { location: `${metadata.origin}/latest/meta-data/` }).end();
      if (url.pathname === "/to-provider-host")
        return void res.writeHead(307, { location: `https://cdn.creativeai.run:${metadata.port}/clip.mp4` }).end();
      if (url.pathname === "/to-metadata") return void res.writeHead(301, { location: "http://169.254.169.254/latest/meta-data/" }).end();
      if (url.pathname === "/to-garbage") return void res.writeHead(302, { location: "http://[not-an-address/" }).end();
      if (url.pathname.startsWith("/loop/"))
        return void res.writeHead(302, { location: `/loop/${Number(url.pathname.slice(6)) + 1}` }).end();
      if (url.pathname === "/announced-huge") return void res.writeHead(200, { "content-length": 50 * 1024 * 1024 }).end();
      if (url.pathname === "/endless") {
        res.writeHead(200, { "content-type": "video/mp4" });
        const chunk = Buffer.alloc(64 * 1024);
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once("drain", pump);
        };
        return pump();
      }
      res.writeHead(404).end();
    });
    slow = await loopbackServer((req, res) => {
      if (req.url === "/no-headers") return; // never answers
      res.writeHead(200, { "content-type": "video/mp4" });
      res.write(Buffer.alloc(1024));
      // ...then nothing more: a body that never ends.
    });
  });
  afterAll(async () => {
    await simulatorFiles.close();
    await slow.close();
  });

  const simulator = (): OutsideSource => ({ hosts: OUTPUT_HOSTS.creativeai, devOrigins: [simulatorFiles.origin] });

  it("fetches a clip from the development origin (the simulator) with every byte", async () => {
    const answer = await fetchFromOutside(`${simulatorFiles.origin}/clip.mp4`, simulator(), limits);
    expect(answer.status).toBe(200);
    expect(Buffer.from(await new Response(answer.body).arrayBuffer()).equals(clip)).toBe(true);
    const copy = path.join(os.tmpdir(), `ssrf-${process.pid}-copy.mp4`);
    expect(await copyClipToFile(`${simulatorFiles.origin}/clip.mp4`, simulator(), copy)).toBe(clip.length);
    expect(fs.readFileSync(copy).equals(clip)).toBe(true);
    fs.rmSync(copy);
  });

  it("refuses a redirect to another loopback port, which is never contacted", async () => {
    const error = await refusal(fetchFromOutside(`${simulatorFiles.origin}/to-loopback`, simulator(), limits));
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(metadata.connections).toBe(0);
  });

  it("refuses a redirect to the provider's host when its DNS answer is loopback", async () => {
    const dns = answering("127.0.0.1");
    const error = await refusal(
      fetchFromOutside(`${simulatorFiles.origin}/to-provider-host`, simulator(), { ...limits, resolve: dns.resolve }),
    );
    expect(error.message).toBe("cdn.creativeai.run resolves to 127.0.0.1, a loopback address");
    expect(metadata.connections).toBe(0);
  });

  it("refuses a redirect to the cloud metadata address", async () => {
    const error = await refusal(fetchFromOutside(`${simulatorFiles.origin}/to-metadata`, simulator(), limits));
    expect(error).toBeInstanceOf(RefusedFetchError);
  });

  it("refuses a redirect to something that is not a URL", async () => {
    const error = await refusal(fetchFromOutside(`${simulatorFiles.origin}/to-garbage`, simulator(), limits));
    expect(error.message).toBe(`${simulatorFiles.origin} redirected to something that is not a URL`);
  });

  it("follows at most 3 redirects", async () => {
    const before = simulatorFiles.requests.length;
    const error = await refusal(fetchFromOutside(`${simulatorFiles.origin}/loop/0`, simulator(), limits));
    expect(error.message).toBe("more than 3 redirects");
    expect(simulatorFiles.requests.slice(before)).toEqual(["GET /loop/0", "GET /loop/1", "GET /loop/2", "GET /loop/3"]);
  });

  it("refuses an answer announcing more than the cap before reading it", async () => {
    const error = await refusal(fetchFromOutside(`${simulatorFiles.origin}/announced-huge`, simulator(), limits));
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(error.message).toBe("the file is larger than 1 MB");
  });

  it("stops reading an endless answer at the cap", async () => {
    const answer = await fetchFromOutside(`${simulatorFiles.origin}/endless`, simulator(), limits);
    const reader = answer.body!.getReader();
    let received = 0;
    const error = await (async () => {
      for (;;) {
        const part = await reader.read();
        if (part.done) return null;
        received += part.value.byteLength;
      }
    })().catch((e: Error) => e);
    expect(error).toBeInstanceOf(RefusedFetchError);
    expect(received).toBeLessThanOrEqual(limits.maxBytes);
  });

  it("gives up on a server that never answers, and on a body that never ends", async () => {
    const source: OutsideSource = { hosts: [], devOrigins: [slow.origin] };
    const silent = await refusal(fetchFromOutside(`${slow.origin}/no-headers`, source, { maxBytes: limits.maxBytes, timeoutMs: 300 }));
    expect(silent).toBeInstanceOf(FailedFetchError);
    expect(silent.message).toBe("no complete answer within 300 ms");

    const answer = await fetchFromOutside(`${slow.origin}/stalls`, source, { maxBytes: limits.maxBytes, timeoutMs: 300 });
    const stalled = await new Response(answer.body).arrayBuffer().then(
      () => null,
      (e: Error) => e,
    );
    expect(stalled).toBeInstanceOf(FailedFetchError);
  });
});

describe("the simulator's origin as a clip source", () => {
  const realStart = {
    SHOPIFY_API_KEY: "real-key",
    SHOPIFY_API_SECRET: "real-secret",
    SHOPIFY_APP_URL: "https://motion.example.com",
    APP_ENCRYPTION_KEY: "a".repeat(64),
    REDIS_URL: "redis://127.0.0.1:6379",
    CLIP_SOURCE_DEV_ORIGINS: "http://127.0.0.1:4010",
  };

  it.each([
    ["a production start", { NODE_ENV: "production" }],
    ["a start without NODE_ENV", {}],
    ["a development start outside the sandbox", { NODE_ENV: "development" }],
  ])("is refused in %s, naming the variable", (_name, extra) => {
    expect(() => parseEnv({ ...realStart, ...extra })).toThrow(
      /CLIP_SOURCE_DEV_ORIGINS: clips can be fetched from development origins only in the sandbox and in tests/,
    );
  });

  it("is read in the sandbox and in tests, as a list of origins", () => {
    expect(
      parseEnv({
        ...realStart,
        NODE_ENV: "development",
        CATALOG_MOTION_SANDBOX: "1",
        CLIP_SOURCE_DEV_ORIGINS: "http://127.0.0.1:4010, http://127.0.0.1:4011",
      }).CLIP_SOURCE_DEV_ORIGINS,
    ).toEqual(["http://127.0.0.1:4010", "http://127.0.0.1:4011"]);
    expect(parseEnv({ ...realStart, NODE_ENV: "test" }).CLIP_SOURCE_DEV_ORIGINS).toEqual(["http://127.0.0.1:4010"]);
    expect(parseEnv({ ...realStart, NODE_ENV: "production", CLIP_SOURCE_DEV_ORIGINS: undefined }).CLIP_SOURCE_DEV_ORIGINS).toEqual([]);
  });

  it("refuses a value that is not a list of origins", () => {
    expect(() => parseEnv({ ...realStart, NODE_ENV: "test", CLIP_SOURCE_DEV_ORIGINS: "127.0.0.1:4010" })).toThrow(
      /CLIP_SOURCE_DEV_ORIGINS/,
    );
  });
});
