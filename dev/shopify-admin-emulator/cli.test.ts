// The emulator's command line and the demo catalog it builds.
import { describe, expect, it } from "vitest";
import { CliOptionsError, parseEmulatorArgs } from "./cli-options";
import { addDemoCollection, createDemoCatalog } from "./demo-catalog";

describe("npm run emulator -- flags", () => {
  it("turns flags into options", () => {
    expect(
      parseEmulatorArgs([
        "--port",
        "4020",
        "--shops",
        "3",
        "--products",
        "50",
        "--seed",
        "7",
        "--collection",
        "10000",
        "--collection",
        "500",
        "--bucket",
        "100/50",
        "--http-5xx-rate",
        "0.1",
        "--processing-ms",
        "2000",
        "--plan",
        "Basic",
        "--hosted-videos",
        "240",
      ]),
    ).toEqual({
      help: false,
      options: {
        port: 4020,
        shops: 3,
        products: 50,
        seed: 7,
        collections: [10_000, 500],
        throttle: { maximumAvailable: 100, restoreRate: 50 },
        mediaTiming: { processingMs: 2000 },
        faults: { http5xxRate: 0.1 },
        plan: "Basic",
        hostedVideos: 240,
      },
    });
    expect(parseEmulatorArgs(["--help"])).toEqual({ help: true });
  });

  it("refuses what it cannot use, naming the flag", () => {
    expect(() => parseEmulatorArgs(["--shops", "two"])).toThrow(new CliOptionsError("--shops needs a number, got 'two'"));
    expect(() => parseEmulatorArgs(["--bucket", "100"])).toThrow(/--bucket needs <max>\/<rate>/);
    expect(() => parseEmulatorArgs(["--products=-1"])).toThrow(/--products needs a whole number/);
    expect(() => parseEmulatorArgs(["--products", "2.5"])).toThrow(/--products needs a whole number/);
    expect(() => parseEmulatorArgs(["--colour", "red"])).toThrow(TypeError);
    expect(() => parseEmulatorArgs(["--plan", "Gold"])).toThrow(
      /--plan must be one of Basic, Grow, Advanced, Plus, Development, got 'Gold'/,
    );
  });
});

describe("createDemoCatalog", () => {
  it("is the same for the same seed: shops, tokens, titles and SKUs", () => {
    const a = createDemoCatalog({ shops: 2, productsPerShop: 5, seed: 42 });
    const b = createDemoCatalog({ shops: 2, productsPerShop: 5, seed: 42 });
    const c = createDemoCatalog({ shops: 2, productsPerShop: 5, seed: 43 });
    const summary = (catalog: typeof a) =>
      [...catalog.shops.values()].map((s) => [
        s.domain,
        s.accessToken,
        catalog.productsOf(s.domain).map((p) => [p.title, p.variants[0].sku]),
      ]);
    expect(summary(a)).toEqual(summary(b));
    expect(summary(a)).not.toEqual(summary(c));
    const [first] = a.shops.values();
    expect(first).toMatchObject({ domain: "harbor-goods.myshopify.com", accessToken: expect.stringMatching(/^shpat_[0-9a-f]{32}$/) });
    expect(a.productsOf(first.domain)[0].title).toMatch(
      /^\w+ [\w ]+ (Coffee Mug|Running Sneakers|Tote Bag|Backpack|Water Bottle|Hoodie|Desk Lamp|Throw Blanket|Sunglasses|Scented Candle|Wallet|Baseball Cap|Chef Knife|Yoga Mat|Wrist Watch|Planter) - \w+$/,
    );
  });

  it("adds a collection of 20,000 products quickly, with unique SKUs", () => {
    const catalog = createDemoCatalog({ productsPerShop: 0, seed: 1 });
    const [shop] = catalog.shops.values();
    const started = performance.now();
    const collection = addDemoCollection(catalog, shop.domain, { title: "Everything", size: 20_000 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(collection.productIds).toHaveLength(20_000);
    expect(new Set(catalog.productsOf(shop.domain).map((p) => p.variants[0].sku)).size).toBe(20_000);
  });
});
