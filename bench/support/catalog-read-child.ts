// Child process of the catalog-reads scenario: one collection read into one
// batch, the way a worker does it, in a process of its own so its peak
// memory is the read's alone. "bulk": the request records a preparing batch
// (timed), then the catalog read follows the emulator's bulk operation and
// streams its JSONL into createBatch. "pages": the paginated read the app
// uses for small collections (166 products a page), every item held.
// Prints one JSON line.
import fs from "node:fs";
import { followCatalogRead, requestCatalogRead } from "~/catalog/catalog-reads.server";
import { createDatabase } from "~/db.server";
import { collectionProductPages } from "~/catalog/collections.server";
import { batchItemOf } from "~/extension-actions/product-source.server";
import { createBatch, type BatchItem } from "~/pipeline/batches.server";
import type { PipelineContext } from "~/pipeline/context.server";
import type { PipelineQueues } from "~/queues/queues.server";
import { createAdminGateway } from "~/shopify-admin/gateway.server";
import { RENDER_OPTIONS } from "./seed";

function peakRssBytes(): number {
  const match = fs.readFileSync("/proc/self/status", "utf8").match(/^VmHWM:\s+(\d+) kB/m);
  return match ? Number(match[1]) * 1024 : process.memoryUsage().rss;
}

async function main() {
  const [url, shop, apiOrigin, accessToken, collectionId, mode] = process.argv.slice(2);
  const db = createDatabase(url);
  await db.$queryRawUnsafe("SELECT 1");
  const admin = createAdminGateway({ shop, accessToken, apiOrigin });
  // No Redis here: nothing to dispatch, and the read is driven in this loop.
  const queues = { requestCatalogRead: async () => true, requestDispatch: async () => true } as unknown as PipelineQueues;
  const ctx = { db, queues, adminFor: async () => admin } as unknown as PipelineContext;
  const options = { ...RENDER_OPTIONS, prompt: `Bench catalog read (${mode})` };
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let requestMs = 0;
  let created = 0;
  if (mode === "bulk") {
    const { catalogReadId } = await requestCatalogRead(ctx, {
      shop,
      title: "Bench collection",
      request: { source: "collection", selection: { kind: "collections", collectionIds: [collectionId] }, options, targetSurface: null },
    });
    requestMs = performance.now() - t0;
    for (;;) {
      const outcome = await followCatalogRead(ctx, catalogReadId, 200);
      if (outcome.kind === "finished") break;
      await new Promise((resolve) => setTimeout(resolve, outcome.ms));
    }
    const read = await db.catalogRead.findUniqueOrThrow({ where: { id: catalogReadId } });
    created = (await db.batch.findUniqueOrThrow({ where: { id: read.batchId } })).jobCount;
  } else {
    const items: BatchItem[] = [];
    for await (const page of collectionProductPages(admin, collectionId)) {
      for (const product of page.products) {
        const outcome = batchItemOf(product);
        if ("item" in outcome) items.push(outcome.item);
      }
    }
    created = (await createBatch(db, null, { shop, source: "collection", title: "Bench collection", items, options })).created;
    requestMs = performance.now() - t0;
  }
  const seconds = (performance.now() - t0) / 1000;
  await db.$disconnect();
  console.log(JSON.stringify({ seconds, requestMs, created, peakRssBytes: peakRssBytes(), rssBeforeBytes: rssBefore }));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  process.exit(1);
});
