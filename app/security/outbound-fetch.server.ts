// The one way the app fetches a URL that came from outside (a finished
// clip's address in a provider callback). Anyone who can sign a callback
// chooses that URL, so before every connection, on every redirect hop:
//   - https only, to the hosts the provider serves its output from;
//   - the name is resolved here and every answer checked, and the socket
//     connects to the checked answer (the check sits in the connection's own
//     DNS lookup, so a second, different answer cannot slip in between);
//   - IP literals in any spelling are checked the same way;
//   - redirects are followed by hand and capped, the body is capped in bytes
//     and the whole exchange in time.
// The provider simulator (plain http on loopback) is allowed only through
// devOrigins, which the environment parser accepts in sandbox and test runs only.
import dns from "node:dns";
import type { LookupAddress, LookupOptions } from "node:dns";
import type { Readable } from "node:stream";
import { Agent } from "undici";
import { ipLiteralOf, refusedAddressRange } from "./ip-ranges.server";

export interface OutsideSource {
  /** Hosts the URL may name over https: "cdn.example.com" exactly, "*.example.com" any subdomain. */
  hosts: readonly string[];
  /** Exact origins (scheme, host, port) allowed as well, loopback included: the simulator's. */
  devOrigins: readonly string[];
}

export interface OutsideFetchOptions {
  method?: "GET" | "HEAD";
  /** Larger answers are refused: by their Content-Length before reading, else while streaming. */
  maxBytes: number;
  /** For the whole exchange: every hop, the headers and the body. */
  timeoutMs: number;
  maxRedirects?: number;
  /** Name resolution; replaceable so a test can answer a name with any address, no network needed. */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

export interface OutsideResponse {
  status: number;
  ok: boolean;
  headers: Headers;
  /** Null for HEAD. Errors with a RefusedFetchError past maxBytes, a FailedFetchError past the time cap. */
  body: ReadableStream<Uint8Array> | null;
}

/** The URL, a redirect or an address it resolves to is not one the app fetches; retrying cannot help. */
export class RefusedFetchError extends Error {
  override name = "RefusedFetchError";
}

/** The fetch did not complete (time cap, network); a later attempt may succeed. */
export class FailedFetchError extends Error {
  override name = "FailedFetchError";
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_MAX_REDIRECTS = 3;

async function systemResolve(hostname: string): Promise<LookupAddress[]> {
  return dns.promises.lookup(hostname, { all: true });
}

export async function fetchFromOutside(url: string, source: OutsideSource, options: OutsideFetchOptions): Promise<OutsideResponse> {
  const method = options.method ?? "GET";
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const resolve = options.resolve ?? systemResolve;
  const signal = AbortSignal.timeout(options.timeoutMs);
  let current = url;
  for (let hop = 0; ; hop++) {
    const target = checkedTarget(current, source);
    const agent = new Agent({ connect: { lookup: checkedLookup(resolve, target.allowLoopback) } });
    let answer: Awaited<ReturnType<Agent["request"]>>;
    try {
      answer = await agent.request({ origin: target.url.origin, path: `${target.url.pathname}${target.url.search}`, method, signal });
    } catch (error) {
      void agent.destroy();
      throw explained(error, signal, options.timeoutMs);
    }
    // A graceful close waits for the body to be read or cancelled, then frees the socket.
    void agent.close();
    const headers = toHeaders(answer.headers);
    if (REDIRECTS.has(answer.statusCode)) {
      discard(answer.body);
      const location = headers.get("location");
      if (!location) throw new RefusedFetchError(`${target.url.origin} answered a redirect without a Location`);
      if (hop >= maxRedirects) throw new RefusedFetchError(`more than ${maxRedirects} redirects`);
      if (!URL.canParse(location, target.url))
        throw new RefusedFetchError(`${target.url.origin} redirected to something that is not a URL`);
      current = new URL(location, target.url).href;
      continue;
    }
    const declared = Number(headers.get("content-length"));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      discard(answer.body);
      throw new RefusedFetchError(tooLarge(options.maxBytes));
    }
    if (method === "HEAD") discard(answer.body);
    return {
      status: answer.statusCode,
      ok: answer.statusCode >= 200 && answer.statusCode < 300,
      headers,
      body: method === "HEAD" ? null : cappedBody(answer.body, options.maxBytes, signal, options.timeoutMs),
    };
  }
}

function checkedTarget(value: string, source: OutsideSource): { url: URL; allowLoopback: boolean } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new RefusedFetchError("the address is not a URL");
  }
  if (url.username || url.password) throw new RefusedFetchError("the address carries credentials");
  const isDevOrigin = (url.protocol === "http:" || url.protocol === "https:") && source.devOrigins.some((o) => sameOrigin(o, url));
  if (!isDevOrigin) {
    if (url.protocol !== "https:") throw new RefusedFetchError(`${url.protocol.replace(/:$/, "")} addresses are not fetched, only https`);
    if (!source.hosts.some((pattern) => hostMatches(pattern, url.hostname))) {
      throw new RefusedFetchError(`${url.hostname} is not a host the video provider serves clips from`);
    }
  }
  const literal = ipLiteralOf(url.hostname);
  if (literal !== null) {
    const range = refusedAddressRange(literal, { allowLoopback: isDevOrigin });
    if (range) throw new RefusedFetchError(`${url.hostname} is a ${range} address`);
  }
  return { url, allowLoopback: isDevOrigin };
}

function sameOrigin(origin: string, url: URL): boolean {
  try {
    return new URL(origin).origin === url.origin;
  } catch {
    return false;
  }
}

function hostMatches(pattern: string, hostname: string): boolean {
  const host = hostname.toLowerCase();
  const wanted = pattern.toLowerCase();
  return wanted.startsWith("*.") ? host.endsWith(wanted.slice(1)) && host.length > wanted.length - 1 : host === wanted;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** The connection's own DNS lookup: every answer is checked, and the checked answers are what it connects to. */
function checkedLookup(resolve: (hostname: string) => Promise<LookupAddress[]>, allowLoopback: boolean) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), "");
        for (const { address } of addresses) {
          const range = refusedAddressRange(address, { allowLoopback });
          if (range) return callback(new RefusedFetchError(`${hostname} resolves to ${address}, a ${range} address`), "");
        }
        if (options.all) return callback(null, addresses);
        const wanted = options.family === 4 || options.family === 6 ? addresses.find((a) => a.family === options.family) : addresses[0];
        if (!wanted)
          return callback(Object.assign(new Error(`${hostname} has no IPv${options.family} address`), { code: "ENOTFOUND" }), "");
        callback(null, wanted.address, wanted.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ""),
    );
  };
}

function cappedBody(source: Readable, maxBytes: number, signal: AbortSignal, timeoutMs: number): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let received = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await chunks.next();
        if (done) return controller.close();
        received += value.byteLength;
        if (received > maxBytes) {
          discard(source);
          throw new RefusedFetchError(tooLarge(maxBytes));
        }
        controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (error) {
        controller.error(explained(error, signal, timeoutMs));
      }
    },
    cancel() {
      discard(source);
    },
  });
}

/** Drops an answer's body; destroying it unread reports an abort nobody needs to hear. */
function discard(body: Readable): void {
  body.on("error", () => {});
  body.destroy();
}

function explained(error: unknown, signal: AbortSignal, timeoutMs: number): Error {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (cause instanceof RefusedFetchError || cause instanceof FailedFetchError) return cause;
  if (signal.aborted) return new FailedFetchError(`no complete answer within ${formatSeconds(timeoutMs)}`);
  return new FailedFetchError(cause instanceof Error ? cause.message : String(cause));
}

function toHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, one);
  }
  return headers;
}

function tooLarge(maxBytes: number): string {
  return `the file is larger than ${formatBytes(maxBytes)}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round((bytes / 1024 ** 2) * 10) / 10} MB`;
  return `${bytes.toLocaleString("en-US")} bytes`;
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
