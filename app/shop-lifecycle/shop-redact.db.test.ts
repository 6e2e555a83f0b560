// shop/redact leaves no row of the shop in any table (every model the schema
// has, so a table added later is covered too) and leaves another shop's rows
// exactly as they were.
import { Prisma } from "@prisma/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { makeBatch, makeJob } from "../../test/support/factories";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { responseOf, seedOfflineSession, useShopifyTestApp, webhookRequest } from "../../test/support/shopify-requests";

const GONE = "redacted-shop.myshopify.com";
const KEPT = "kept-shop.myshopify.com";

let t: TestDatabase;
let shopRedact: (args: ActionFunctionArgs) => Promise<Response>;

beforeAll(async () => {
  t = await createTestDatabase();
  useShopifyTestApp(t.db);
  ({ action: shopRedact } = await import("~/routes/webhooks.shop.redact"));
});
afterAll(async () => {
  await t?.drop();
});

/** A shop with something in every table: session, settings, batches, jobs, events, provider callbacks. */
async function populate(shop: string, tag: string) {
  await seedOfflineSession(t.db, shop);
  await t.db.shopSettings.create({ data: { shop, providerKeyHint: `…${tag}` } });
  for (let b = 0; b < 2; b += 1) {
    const batch = await makeBatch(t.db, shop, { title: `${tag} batch ${b}` });
    for (let j = 0; j < 3; j += 1) {
      const generationId = `gen-${tag}-${b}-${j}`;
      const job = await makeJob(t.db, { shop, batchId: batch.id, status: j === 0 ? "queued" : "rendering", generationId: j === 0 ? null : generationId });
      await t.db.jobEvent.create({ data: { jobId: job.id, shop, toStatus: job.status, detail: "created by the test" } });
      if (j > 0) {
        await t.db.providerCallback.create({
          data: { provider: "creativeai", deliveryKey: `creativeai:${generationId}:completed`, generationId, status: "completed", body: JSON.stringify({ id: generationId }) },
        });
      }
    }
  }
}

/** Every row of every model, as text, to search for a shop's traces. */
async function everyRow(): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    const delegate = (t.db as unknown as Record<string, { findMany(): Promise<unknown[]> }>)[model.name.charAt(0).toLowerCase() + model.name.slice(1)];
    rows[model.name] = (await delegate.findMany()).map((row) => JSON.stringify(row, (_key, value) => (typeof value === "bigint" ? value.toString() : value)));
  }
  return rows;
}

it("erases everything stored for the shop and nothing of another shop", async () => {
  await populate(GONE, "gone");
  await populate(KEPT, "kept");
  const keptBefore = Object.fromEntries(Object.entries(await everyRow()).map(([model, rows]) => [model, rows.filter((r) => r.includes(KEPT) || r.includes("gen-kept"))]));
  const counts = Object.fromEntries(Object.entries(keptBefore).map(([model, rows]) => [model, rows.length]));
  expect(counts).toMatchObject({ Session: 1, ShopSettings: 1, Batch: 2, VideoJob: 6, JobEvent: 6, ProviderCallback: 4 });

  for (let delivery = 0; delivery < 2; delivery += 1) {
    const response = await responseOf(() => shopRedact({ request: webhookRequest("shop/redact", GONE, { shop_id: 954889, shop_domain: GONE }), params: {}, context: {} }));
    expect(response.status).toBe(200);
  }

  const after = await everyRow();
  for (const [model, rows] of Object.entries(after)) {
    expect(rows.filter((r) => r.includes(GONE) || r.includes("gen-gone")), `${model} still holds the redacted shop`).toEqual([]);
    expect(rows.filter((r) => r.includes(KEPT) || r.includes("gen-kept")), `${model} lost the other shop's rows`).toEqual(keptBefore[model]);
  }
});
