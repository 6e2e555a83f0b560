// The sandbox's and the tests' redirection of Shopify's URLs to the emulator:
// shops' URLs move under the emulator's origin, nothing else does, and
// without an origin the Shopify library's fetch is left as it was.
import { abstractFetch } from "@shopify/shopify-api/runtime";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchThroughOrigin, sendShopifyLibraryTo } from "./shopify-origin.server";

/** The URL a request for `url` is sent to through `origin`. */
async function sentTo(url: string, origin: string): Promise<string> {
  let sent = "";
  const recording: typeof fetch = async (input) => {
    sent = input instanceof Request ? input.url : input.toString();
    return new Response(null, { status: 204 });
  };
  await fetchThroughOrigin(origin, recording)(url);
  return sent;
}

describe("where a request goes", () => {
  it("puts a shop's URL under the origin, keeping path and query", async () => {
    expect(await sentTo("https://demo-shop.myshopify.com/admin/oauth/access_token", "http://127.0.0.1:4000")).toBe(
      "http://127.0.0.1:4000/demo-shop.myshopify.com/admin/oauth/access_token",
    );
    expect(await sentTo("https://Demo-Shop.myshopify.com/admin/api/2026-10/graphql.json?x=1", "http://127.0.0.1:4000/")).toBe(
      "http://127.0.0.1:4000/demo-shop.myshopify.com/admin/api/2026-10/graphql.json?x=1",
    );
    expect(await sentTo("https://demo-shop.myshopify.com", "http://127.0.0.1:4000")).toBe("http://127.0.0.1:4000/demo-shop.myshopify.com/");
  });

  it("leaves every other URL alone: other hosts, plain http, look-alike domains", async () => {
    for (const url of [
      "https://api.creativeai.run/v1/video/generations",
      "http://demo-shop.myshopify.com/admin/oauth/access_token",
      "https://demo-shop.myshopify.com.evil.example/admin",
      "https://cdn.shopify.com/s/files/clip.mp4",
    ]) {
      expect(await sentTo(url, "http://127.0.0.1:4000")).toBe(url);
    }
  });
});

describe("fetchThroughOrigin", () => {
  let server: http.Server;
  let origin: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url}`);
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("sends strings, URLs and Requests for a shop to the origin with method and body", async () => {
    const send = fetchThroughOrigin(origin);
    await send("https://a-shop.myshopify.com/admin/oauth/access_token", { method: "POST", body: "{}" });
    await send(new URL("https://a-shop.myshopify.com/admin/api/2026-10/graphql.json"), { method: "POST", body: "{}" });
    await send(new Request("https://b-shop.myshopify.com/admin/oauth/access_token", { method: "POST", body: "{}" }));
    expect(seen).toEqual([
      "POST /a-shop.myshopify.com/admin/oauth/access_token",
      "POST /a-shop.myshopify.com/admin/api/2026-10/graphql.json",
      "POST /b-shop.myshopify.com/admin/oauth/access_token",
    ]);
  });

  it("passes anything else to the inner fetch untouched", async () => {
    const asked: string[] = [];
    const inner = (async (input: string | URL | Request) => {
      asked.push(typeof input === "string" ? input : input instanceof URL ? input.toString() : input.url);
      return new Response("inner");
    }) as typeof fetch;
    await fetchThroughOrigin(origin, inner)("https://api.json2video.com/v2/movies");
    expect(asked).toEqual(["https://api.json2video.com/v2/movies"]);
  });
});

describe("sendShopifyLibraryTo", () => {
  it("without an origin (every start but the sandbox's and the tests') leaves the library's fetch as it was", () => {
    const before = abstractFetch;
    sendShopifyLibraryTo(undefined);
    expect(abstractFetch).toBe(before);
  });
});
