// The Admin gateway against the emulator (real schema, real cost bucket) and
// against scripted answers for the cases an emulator run cannot pin down
// (Retry-After values, network failures).
import { CHOSEN_PRODUCTS, chosenProducts } from "~/catalog/products.server";
import { Writable } from "node:stream";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { createDemoCatalog } from "../../dev/shopify-admin-emulator/demo-catalog";
import { startAdminEmulator, type AdminEmulator, type AdminEmulatorOptions } from "../../dev/shopify-admin-emulator/server";
import { AdminApiError } from "./admin-client";
import { createAdminGateway, type AccessTokenSource, type AdminGatewayEvent, type AdminGatewayOptions } from "./gateway.server";
import { PRODUCT_REORDER_MEDIA, SHOP_INFO, type ShopInfoData } from "./operations";
import { ADMIN_API_VERSION } from "./schema.server";
import { forgetThrottleBudgets } from "./throttle-budget.server";

let emulator: AdminEmulator | undefined;

beforeEach(() => {
  forgetThrottleBudgets();
});
afterEach(async () => {
  await emulator?.stop();
  emulator = undefined;
});

async function start(options: AdminEmulatorOptions = {}) {
  emulator = await startAdminEmulator({ catalog: createDemoCatalog({ shops: 1, productsPerShop: 40, seed: 21 }), seed: 21, ...options });
  const shop = [...emulator.catalog.shops.values()][0];
  return { emulator, shop, products: emulator.catalog.productsOf(shop.domain) };
}

function gatewayFor(e: AdminEmulator, shop: { domain: string; accessToken: string }, extra: Partial<AdminGatewayOptions> = {}) {
  const events: AdminGatewayEvent[] = [];
  const gateway = createAdminGateway({
    shop: shop.domain,
    accessToken: shop.accessToken,
    apiOrigin: e.url,
    onEvent: (event) => events.push(event),
    ...extra,
  });
  return { gateway, events };
}

function capturedLogger() {
  const lines: string[] = [];
  const logger = pino(
    { level: "debug" },
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  );
  return { logger, text: () => lines.join("") };
}

describe("cost-based throttling", () => {
  it("many concurrent calls against a small bucket all succeed: THROTTLED is avoided by waiting or retried", async () => {
    const { emulator: e, shop, products } = await start({ throttle: { maximumAvailable: 100, restoreRate: 50 } });
    const { gateway, events } = gatewayFor(e, shop);
    const started = Date.now();
    const calls = products.slice(0, 40).map((product) =>
      chosenProducts(gateway, [`gid://shopify/Product/${product.id}`]).then(
        ({ found }) => ({ ok: true as const, sku: found[0]?.sku }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    );
    const results = await Promise.all(calls);

    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results.map((r) => (r.ok ? r.sku : null))).toEqual(products.slice(0, 40).map((p) => p.variants[0].sku));
    const waited = events.filter((e) => e.type === "waited").length;
    expect(waited + e.stats.throttled).toBeGreaterThan(0);
    expect(waited).toBeGreaterThan(0);
    // 40 calls of 6 actual points from a 100-point bucket refilling at 50/s take at least 2.8 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_100);
    expect(e.stats.operations.ChosenProducts).toBe(40 + e.stats.throttled);
  });

  it("a second gateway for the same shop in the same process waits on the bucket the first one drained", async () => {
    // A slow refill, so the drained bucket stays short of 10 points for 2 s.
    const { emulator: e, shop, products } = await start({ throttle: { maximumAvailable: 100, restoreRate: 5 } });
    const first = gatewayFor(e, shop);
    for (let i = 0; i < 10; i++)
      await first.gateway.request(PRODUCT_REORDER_MEDIA, { id: `gid://shopify/Product/${products[0].id}`, moves: [] });
    const second = gatewayFor(e, shop);
    await second.gateway.request(PRODUCT_REORDER_MEDIA, { id: `gid://shopify/Product/${products[0].id}`, moves: [] });

    expect(second.events.filter((event) => event.type === "waited")).not.toEqual([]);
    expect(e.stats.throttled).toBe(0);
  });

  it("a THROTTLED answer (another process drained the bucket) is retried once the bucket refills", async () => {
    const { emulator: e, shop, products } = await start({ throttle: { maximumAvailable: 30, restoreRate: 10 } });
    const productId = `gid://shopify/Product/${products[0].id}`;
    // Three root mutations: 30 points, the whole bucket, spent behind this process's back.
    const drain = await fetch(`${e.url}/admin/api/${ADMIN_API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": shop.accessToken },
      body: JSON.stringify({
        query: `mutation { a: productReorderMedia(id: "${productId}", moves: []) { job { id } } b: productReorderMedia(id: "${productId}", moves: []) { job { id } } c: productReorderMedia(id: "${productId}", moves: []) { job { id } } }`,
      }),
    });
    expect(((await drain.json()) as { extensions: { cost: { actualQueryCost: number } } }).extensions.cost.actualQueryCost).toBe(30);

    const { gateway, events } = gatewayFor(e, shop);
    const started = Date.now();
    const data = await gateway.request(PRODUCT_REORDER_MEDIA, { id: productId, moves: [] });
    expect(data.productReorderMedia?.mediaUserErrors).toEqual([]);
    expect(events.map((event) => event.type)).toEqual(["throttled", "retried", "waited"]);
    expect(e.stats.throttled).toBe(1);
    // Most of 10 points at 10 per second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
  });
});

describe("injected 429 and 5xx", () => {
  it("are retried with backoff until every call succeeds", async () => {
    const { emulator: e, shop, products } = await start({ faults: { http5xxRate: 0.2, http429Rate: 0.1, retryAfterSeconds: 0.05 } });
    const { gateway, events } = gatewayFor(e, shop);
    const ids = products.slice(0, 30).map((p) => `gid://shopify/Product/${p.id}`);
    // One after another, so the seeded fault decisions fall on the same requests every run.
    const results: PromiseSettledResult<Awaited<ReturnType<typeof chosenProducts>>>[] = [];
    for (const id of ids) results.push(...(await Promise.allSettled([chosenProducts(gateway, [id])])));

    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value.found[0]?.id : null))).toEqual(ids);
    expect(e.stats.injected5xx).toBeGreaterThan(0);
    expect(e.stats.injected429).toBeGreaterThan(0);
    expect(events.filter((event) => event.type === "retried")).toHaveLength(e.stats.injected5xx + e.stats.injected429);
  });
});

describe("errors a retry cannot fix", () => {
  it("a document the schema refuses is an AdminApiError with Shopify's message, sent once", async () => {
    const { emulator: e, shop } = await start();
    const { gateway } = gatewayFor(e, shop);
    const error = await gateway.request("query Broken { shop { nam } }").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdminApiError);
    expect((error as AdminApiError).message).toBe("Shopify refused Broken: Field 'nam' doesn't exist on type 'Shop'");
    expect(error).toMatchObject({ kind: "refused", operation: "Broken", status: 200, codes: ["undefinedField"] });
    expect(e.stats.requests).toBe(1);
  });

  it("a query over the single-query cost limit is refused with MAX_COST_EXCEEDED, not retried", async () => {
    const { emulator: e, shop } = await start();
    const { gateway } = gatewayFor(e, shop);
    // 6 points an id: 167 ids cost 1,002.
    const ids = Array.from({ length: 167 }, (_, i) => `gid://shopify/Product/${i + 1}`);
    const error = (await gateway.request(CHOSEN_PRODUCTS, { ids }).catch((caught: unknown) => caught)) as AdminApiError;
    expect(error).toMatchObject({ kind: "refused", codes: ["MAX_COST_EXCEEDED"] });
    expect(e.stats.requests).toBe(1);
  });

  it("a refused access token is an access_revoked AdminApiError (401), not retried, and the token is never logged", async () => {
    const { emulator: e, shop } = await start({ faults: { http5xxRate: 0.5 } });
    const { logger, text } = capturedLogger();
    const token = "shpat_this_token_is_secret_0123456789";
    const { gateway } = gatewayFor(e, { domain: shop.domain, accessToken: token }, { logger, sleep: async () => {} });
    const error = (await gateway.request(SHOP_INFO).catch((caught: unknown) => caught)) as AdminApiError;
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).toMatchObject({ kind: "access_revoked", status: 401 });
    expect(e.stats.unauthorized).toBe(1);
    expect(text()).not.toBe("");
    expect(text()).not.toContain(token);
    expect(error.message).not.toContain(token);
  });

  it("after a 401, sends once more with the token stored since (another process renewed it), and not a third time", async () => {
    const { emulator: e, shop } = await start();
    const asked: string[] = [];
    let stored = "shpat_replaced_by_another_process";
    const source: AccessTokenSource = {
      current: async () => stored,
      afterRefusal: async (refused) => {
        asked.push(refused);
        return refused === stored ? (stored = shop.accessToken) : null;
      },
    };
    const { gateway } = gatewayFor(e, { domain: shop.domain, accessToken: "unused" }, { accessToken: source });
    await expect(gateway.request(SHOP_INFO)).resolves.toMatchObject({ shop: { name: expect.any(String) } });
    expect(asked).toEqual(["shpat_replaced_by_another_process"]);
    expect(e.stats.unauthorized).toBe(1);

    const refusedTwice: AccessTokenSource = { current: async () => "shpat_old", afterRefusal: async () => "shpat_also_refused" };
    const error = await gatewayFor(e, { domain: shop.domain, accessToken: "unused" }, { accessToken: refusedTwice })
      .gateway.request(SHOP_INFO)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ kind: "access_revoked", status: 401 });
    expect(e.stats.unauthorized).toBe(3);
  });
});

describe("retries against scripted answers", () => {
  function scripted(answers: (() => Response | Promise<Response>)[]) {
    const sleeps: number[] = [];
    let calls = 0;
    const fetchImpl = (async () => {
      const answer = answers[Math.min(calls, answers.length - 1)];
      calls += 1;
      return answer();
    }) as typeof fetch;
    const gateway = createAdminGateway({
      shop: "scripted.myshopify.com",
      accessToken: "shpat_x",
      fetch: fetchImpl,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.5,
    });
    return { gateway, sleeps, calls: () => calls };
  }
  const ok = () =>
    Response.json({
      data: { shop: { name: "Scripted" } },
      extensions: {
        cost: {
          requestedQueryCost: 1,
          actualQueryCost: 1,
          throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 },
        },
      },
    });

  it("honors Retry-After, in seconds or as an HTTP date", async () => {
    const inSeconds = scripted([() => new Response("slow down", { status: 429, headers: { "retry-after": "3.0" } }), ok]);
    await expect(inSeconds.gateway.request(SHOP_INFO)).resolves.toEqual({ shop: { name: "Scripted" } });
    expect(inSeconds.sleeps).toEqual([3000]);

    const later = new Date(Date.now() + 5_000).toUTCString();
    const asDate = scripted([() => new Response(null, { status: 503, headers: { "retry-after": later } }), ok]);
    await asDate.gateway.request(SHOP_INFO);
    expect(asDate.sleeps[0]).toBeGreaterThan(3_000);
    expect(asDate.sleeps[0]).toBeLessThanOrEqual(5_000);
  });

  it("retries network failures with growing backoff, and gives up after 6 attempts", async () => {
    const failing = scripted([
      () => {
        throw new TypeError("fetch failed");
      },
    ]);
    const error = (await failing.gateway.request(SHOP_INFO).catch((caught: unknown) => caught)) as AdminApiError;
    expect(error).toBeInstanceOf(AdminApiError);
    expect(error).toMatchObject({ kind: "unavailable", operation: "ShopInfo", status: null, transient: true });
    expect(failing.calls()).toBe(6);
    expect(failing.sleeps).toEqual([188, 375, 750, 1500, 3000]);

    const recovering = scripted([
      () => Promise.reject(new TypeError("fetch failed")),
      () => new Response("bad gateway", { status: 502 }),
      ok,
    ]);
    await expect(recovering.gateway.request(SHOP_INFO)).resolves.toEqual({ shop: { name: "Scripted" } });
    expect(recovering.calls()).toBe(3);
  });
});

describe("typed documents", () => {
  it("a typed document gives the caller its result type", () => {
    const gateway = createAdminGateway({ shop: "typed.myshopify.com", accessToken: "shpat_x" });
    expectTypeOf(gateway.request(SHOP_INFO, {})).resolves.toEqualTypeOf<ShopInfoData>();
  });
});
