// Big selections through Shopify's bulk operations, end to end on real Redis,
// the real database and the Admin API emulator: the request answers with a
// "preparing" batch; a worker follows the operation (woken by the signed
// bulk_operations/finish webhook through the app's own route, or by polling),
// streams the JSONL result into the batch and marks it ready; failures and
// expired results end the batch with a reason; a broken download goes on from
// where it stopped; a shop's second bulk read waits.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createBatch, type BatchItem } from "~/pipeline/batches.server";
import { generateForCollection } from "~/extension-actions/collection-action.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import { startPipelineHarness, waitFor, type PipelineHarness } from "../../test/support/pipeline-harness";
import { TEST_API_KEY, TEST_API_SECRET, useShopifyTestApp } from "../../test/support/shopify-requests";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { READ_FAILED, requestCatalogRead } from "./catalog-reads.server";

const SHOP = "bulk-reads.myshopify.com";
const BIG = 20_000;
const SMALL = 600;
const OPTIONS = { prompt: "Slow turn on a plinth", model: "kling-v3", duration: 5 as const, aspectRatio: "1:1" as const };

let h: PipelineHarness;
let emulator: AdminEmulator;
let webhooks: http.Server;
let bigCollection = "";
let smallCollection = "";
let withoutPhotos = "";

beforeAll(async () => {
  const catalog = new Catalog();
  catalog.addShop({ domain: SHOP, accessToken: "shpat_bulk_reads" });
  const ids = Array.from({ length: BIG }, (_, i) => catalog.addProduct(SHOP, { title: `Lamp ${i + 1}`, sku: `LAMP-${i + 1}` }).id);
  const bare = Array.from(
    { length: 300 },
    (_, i) => catalog.addProduct(SHOP, { title: `Bare ${i}`, sku: `BARE-${i}`, withImage: false }).id,
  );
  bigCollection = `gid://shopify/Collection/${catalog.addCollection(SHOP, { title: "Every lamp", productIds: ids }).id}`;
  smallCollection = `gid://shopify/Collection/${catalog.addCollection(SHOP, { title: "Some lamps", productIds: ids.slice(0, SMALL) }).id}`;
  withoutPhotos = `gid://shopify/Collection/${catalog.addCollection(SHOP, { title: "No photos", productIds: bare }).id}`;

  h = await startPipelineHarness({
    globalCap: 1,
    shops: [{ shop: SHOP, concurrencyCap: 1 }],
    adminFor: async (shop) =>
      shop === SHOP ? createAdminGateway({ shop, accessToken: "shpat_bulk_reads", apiOrigin: emulator.url }) : null,
  });
  useShopifyTestApp(h.t.db, h.ctx);
  const { action } = (await import("~/routes/webhooks.bulk_operations.finish")) as { action: (a: ActionFunctionArgs) => Promise<Response> };
  // The app's webhook route over real HTTP, where the emulator sends bulk_operations/finish.
  webhooks = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
    const request = new Request(new URL(req.url ?? "/", "https://catalog-motion.test"), {
      method: "POST",
      headers,
      body: Buffer.concat(chunks),
    });
    const response = await action({ request, params: {}, context: {} }).catch((error: unknown) =>
      error instanceof Response ? error : new Response(String(error), { status: 500 }),
    );
    res.writeHead(response.status).end();
  });
  await new Promise<void>((resolve) => webhooks.listen(0, "127.0.0.1", resolve));
  emulator = await startAdminEmulator({
    catalog,
    app: { apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET },
    bulkOperations: {
      finishWebhookUrl: `http://127.0.0.1:${(webhooks.address() as AddressInfo).port}/webhooks/bulk_operations/finish`,
      maxRunningPerShop: 1,
      timing: { createdMs: 100, runningMs: 300 },
    },
  });
}, 120_000);
afterAll(async () => {
  await h?.stop();
  await emulator?.stop();
  webhooks?.closeAllConnections();
  await new Promise<void>((resolve) => (webhooks ? webhooks.close(() => resolve()) : resolve()));
});

/** When Shopify says the read's bulk operation was created and completed. */
async function operationTimes(catalogReadId: string) {
  const { bulkOperationId } = await h.t.db.catalogRead.findUniqueOrThrow({ where: { id: catalogReadId } });
  const admin = createAdminGateway({ shop: SHOP, accessToken: "shpat_bulk_reads", apiOrigin: emulator.url });
  const data = await admin.request<{ bulkOperation: { id: string; createdAt: string; completedAt: string | null } }>(
    "query OperationTimes($id: ID!) { bulkOperation(id: $id) { id createdAt completedAt } }",
    { id: bulkOperationId },
  );
  return data.bulkOperation;
}

async function settled(batchId: string) {
  return waitFor(
    async () => {
      const batch = await h.t.db.batch.findUniqueOrThrow({ where: { id: batchId } });
      return batch.status !== "preparing" && batch;
    },
    { timeoutMs: 90_000, what: `batch ${batchId} to be prepared` },
  );
}

describe("a catalog read through a bulk operation", () => {
  it("turns a 20,000-product collection into one batch of 20,000 jobs, woken by the finish webhook", async () => {
    // Polling once a minute: only the webhook can finish this within the test's time.
    const workers = await h.startWorkers({ catalogReadPollMs: 60_000 });
    const answer = await generateForCollection(h.ctx, SHOP, { collectionId: bigCollection, options: OPTIONS });
    expect(answer).toMatchObject({ created: 0, preparing: { productCount: BIG, message: "Reading 20,000 products from your store…" } });
    expect(await h.t.db.batch.findUniqueOrThrow({ where: { id: answer.batch.id } })).toMatchObject({ status: "preparing", jobCount: 0 });

    const batch = await settled(answer.batch.id);
    expect(batch).toMatchObject({ status: "ready", jobCount: BIG, failedReason: null, source: "collection" });
    expect(await h.t.db.videoJob.count({ where: { batchId: batch.id } })).toBe(BIG);
    // One render at a time is allowed (globalCap 1): nearly all are still queued.
    expect(await h.t.db.videoJob.count({ where: { batchId: batch.id, status: "queued" } })).toBeGreaterThanOrEqual(BIG - 5);
    const read = await waitFor(async () => {
      const row = await h.t.db.catalogRead.findUniqueOrThrow({ where: { batchId: batch.id } });
      return row.status === "done" && row;
    });
    expect(read).toMatchObject({ productCount: BIG, kind: "bulk" });
    expect(emulator.bulkOperations.stats.webhooksSent).toBeGreaterThanOrEqual(1);
    expect(emulator.bulkOperations.stats.downloads).toBe(1);
    // No page of the collection was asked for: the products came from the JSONL file.
    expect(emulator.stats.operations.CollectionProducts ?? 0).toBe(0);
    await workers.close();
  }, 150_000);

  it("finishes by polling when the webhook never comes", async () => {
    emulator.bulkOperations.setFaults({ dropFinishWebhook: true });
    const sent = emulator.bulkOperations.stats.webhooksSent;
    const workers = await h.startWorkers({ catalogReadPollMs: 200 });
    try {
      const answer = await generateForCollection(h.ctx, SHOP, {
        collectionId: smallCollection,
        options: { ...OPTIONS, prompt: "Polled, not called back" },
      });
      const batch = await settled(answer.batch.id);
      expect(batch).toMatchObject({ status: "ready", jobCount: SMALL });
      expect(emulator.bulkOperations.stats.webhooksSent).toBe(sent);
    } finally {
      emulator.bulkOperations.setFaults({ dropFinishWebhook: false });
      await workers.close();
    }
  }, 120_000);

  it("goes on from where the result's download broke, so the batch is whole", async () => {
    // About 12 KB a download: the file of 600 products breaks several times, mid-line.
    emulator.bulkOperations.setFaults({ cutDownloadsAfterBytes: 12_345 });
    const before = { ...emulator.bulkOperations.stats };
    const workers = await h.startWorkers({ catalogReadPollMs: 200 });
    try {
      const answer = await generateForCollection(h.ctx, SHOP, {
        collectionId: smallCollection,
        options: { ...OPTIONS, prompt: "Read through a flaky connection" },
      });
      const batch = await settled(answer.batch.id);
      expect(batch).toMatchObject({ status: "ready", jobCount: SMALL });
      expect(await h.t.db.videoJob.count({ where: { batchId: batch.id } })).toBe(SMALL);
      const stats = emulator.bulkOperations.stats;
      expect(stats.cutDownloads - before.cutDownloads).toBeGreaterThanOrEqual(3);
      expect(stats.rangeDownloads - before.rangeDownloads).toBe(stats.cutDownloads - before.cutDownloads);
    } finally {
      emulator.bulkOperations.setFaults({ cutDownloadsAfterBytes: null });
      await workers.close();
    }
  }, 120_000);

  it.each([
    ["TIMEOUT", { failWith: "TIMEOUT" as const }, READ_FAILED.TIMEOUT],
    ["ACCESS_DENIED", { failWith: "ACCESS_DENIED" as const }, READ_FAILED.ACCESS_DENIED],
    ["an expired result URL", { urlLifetimeMs: 0 }, READ_FAILED.EXPIRED],
  ])(
    "ends the batch failed, with the reason in plain words, after %s",
    async (_, faults, reason) => {
      emulator.bulkOperations.setFaults(faults);
      const workers = await h.startWorkers({ catalogReadPollMs: 200 });
      try {
        const { batchId } = await requestCatalogRead(h.ctx, {
          shop: SHOP,
          title: "Failing read",
          request: {
            source: "collection",
            selection: { kind: "collections", collectionIds: [smallCollection] },
            options: OPTIONS,
            targetSurface: null,
          },
        });
        const batch = await settled(batchId);
        expect(batch).toMatchObject({ status: "failed", failedReason: reason, jobCount: 0 });
        expect(await h.t.db.videoJob.count({ where: { batchId } })).toBe(0);
        expect((await h.t.db.catalogRead.findUniqueOrThrow({ where: { batchId } })).status).toBe("failed");
      } finally {
        emulator.bulkOperations.setFaults({ failWith: null, urlLifetimeMs: 7 * 24 * 3_600_000 });
        await workers.close();
      }
    },
    120_000,
  );

  it("says so when none of the products has a photo", async () => {
    const workers = await h.startWorkers({ catalogReadPollMs: 200 });
    try {
      const { batchId } = await requestCatalogRead(h.ctx, {
        shop: SHOP,
        title: "No photos",
        request: {
          source: "collection",
          selection: { kind: "collections", collectionIds: [withoutPhotos] },
          options: OPTIONS,
          targetSurface: null,
        },
      });
      expect(await settled(batchId)).toMatchObject({ status: "failed", failedReason: READ_FAILED.NO_PHOTOS });
    } finally {
      await workers.close();
    }
  }, 120_000);

  it("lets a shop's second bulk read wait until the first is done, then runs it", async () => {
    const workers = await h.startWorkers({ catalogReadPollMs: 150 });
    try {
      const ask = (title: string) =>
        requestCatalogRead(h.ctx, {
          shop: SHOP,
          title,
          request: {
            source: "collection",
            selection: { kind: "collections", collectionIds: [smallCollection] },
            options: { ...OPTIONS, prompt: `${OPTIONS.prompt}, ${title}` },
            targetSurface: null,
          },
        });
      const first = await ask("first");
      const second = await ask("second");
      await waitFor(async () => (await h.t.db.catalogRead.findUniqueOrThrow({ where: { id: first.catalogReadId } })).status === "running", {
        what: "the first read to run",
      });
      expect((await h.t.db.catalogRead.findUniqueOrThrow({ where: { id: second.catalogReadId } })).status).toBe("waiting");
      expect(await settled(first.batchId)).toMatchObject({ status: "ready", jobCount: SMALL });
      expect(await settled(second.batchId)).toMatchObject({ status: "ready", jobCount: SMALL });
      // Each read ran its own operation, and the second was started only once the first had completed.
      const [a, b] = await Promise.all([first, second].map((read) => operationTimes(read.catalogReadId)));
      expect(b.id).not.toBe(a.id);
      expect(Date.parse(b.createdAt)).toBeGreaterThanOrEqual(Date.parse(a.completedAt!));
    } finally {
      await workers.close();
    }
  }, 120_000);
});

describe("createBatch from a stream of items", () => {
  async function* lamps(count: number, repeatEvery = 0): AsyncGenerator<BatchItem> {
    for (let i = 0; i < count; i += 1) {
      const n = repeatEvery > 0 && i % repeatEvery === repeatEvery - 1 ? 1 : i + 1;
      yield {
        productId: `gid://shopify/Product/${900_000 + n}`,
        productTitle: `Stream ${n}`,
        imageUrl: `https://cdn.shopify.com/s/stream-${n}.jpg`,
      };
    }
  }

  it("writes every distinct item once, repeats across chunks included", async () => {
    const created = await createBatch(h.t.db, null, {
      shop: SHOP,
      source: "csv",
      title: "Streamed",
      items: lamps(5_000, 2_500),
      options: { ...OPTIONS, prompt: "streamed once" },
    });
    // Items 2,500 and 5,000 repeat product 1: 4,998 distinct products.
    expect(created).toMatchObject({ created: 4_998, leftOut: 0, reusedCount: 0 });
    expect(await h.t.db.videoJob.count({ where: { batchId: created.batchId } })).toBe(4_998);
    expect((await h.t.db.batch.findUniqueOrThrow({ where: { id: created.batchId } })).jobCount).toBe(4_998);
  });

  it("makes only the first N with maxJobs and says how many were left out", async () => {
    const created = await createBatch(h.t.db, null, {
      shop: SHOP,
      source: "csv",
      title: "First 1,200",
      items: lamps(3_000),
      options: { ...OPTIONS, prompt: "only the first ones" },
      maxJobs: 1_200,
    });
    expect(created).toMatchObject({ created: 1_200, leftOut: 1_800 });
    expect(await h.t.db.videoJob.count({ where: { batchId: created.batchId } })).toBe(1_200);
  });

  it("refuses an empty stream and leaves no batch behind", async () => {
    const before = await h.t.db.batch.count();
    await expect(
      createBatch(h.t.db, null, { shop: SHOP, source: "csv", title: "Empty", items: lamps(0), options: OPTIONS }),
    ).rejects.toThrow("Choose at least one product.");
    expect(await h.t.db.batch.count()).toBe(before);
  });
});
