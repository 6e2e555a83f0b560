import { afterEach, describe, expect, it } from "vitest";
import { resetEnvForTests } from "~/config/env.server";
import { adaptToEmulatedAdmin, appBridgeScriptUrl, insideEmulatedAdmin } from "./emulated-admin.server";

const STAND_IN = "http://127.0.0.1:4100/shopifycloud/app-bridge.js";
const CDN = "https://cdn.shopify.com/shopifycloud/app-bridge.js";

/** Headers as Shopify's library sets them on an admin document for a shop. */
function libraryHeaders() {
  return new Headers({
    "Content-Security-Policy": "frame-ancestors https://demo.myshopify.com https://admin.shopify.com;",
    Link: `<${CDN}>; rel="preload"; as="script";`,
  });
}

function withStandIn(url: string | undefined) {
  if (url) process.env.APP_BRIDGE_URL = url;
  else delete process.env.APP_BRIDGE_URL;
  resetEnvForTests();
}

afterEach(() => withStandIn(undefined));

describe("the app inside Shopify admin or the emulated admin", () => {
  it("loads Shopify's App Bridge and leaves the library's headers alone in Shopify admin", () => {
    withStandIn(undefined);
    expect(appBridgeScriptUrl()).toBe(CDN);
    expect(insideEmulatedAdmin()).toBe(false);
    const headers = libraryHeaders();
    adaptToEmulatedAdmin(headers);
    expect(Object.fromEntries(headers)).toEqual(Object.fromEntries(libraryHeaders()));
  });

  it("loads the stand-in, lets the emulated admin frame the page and preloads the stand-in inside the emulated admin", () => {
    withStandIn(STAND_IN);
    expect(appBridgeScriptUrl()).toBe(STAND_IN);
    expect(insideEmulatedAdmin()).toBe(true);
    const headers = libraryHeaders();
    adaptToEmulatedAdmin(headers);
    expect(headers.get("Content-Security-Policy")).toBe(
      "frame-ancestors http://127.0.0.1:4100 https://demo.myshopify.com https://admin.shopify.com;",
    );
    expect(headers.get("Link")).toBe(`<${STAND_IN}>; rel="preload"; as="script";`);

    const bare = new Headers();
    adaptToEmulatedAdmin(bare);
    expect(bare.get("Content-Security-Policy")).toBe("frame-ancestors http://127.0.0.1:4100;");
  });
});
