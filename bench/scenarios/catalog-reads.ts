// Scenario 7. A whole collection read into one batch: the bulk path (a
// preparing batch answered at once, the bulk operation followed, its JSONL
// streamed into createBatch) beside the paginated path every collection
// took before (250 products a page, every item held, then createBatch).
// The emulator runs in this process and the read in a child of its own, so
// the child's peak RSS is the worker's. The emulator's cost bucket is
// unlimited for the paginated run: on a real Standard shop (100 points/s)
// that path is bound by its points, reported beside it.
import { serviceNodeArgs } from "~/config/node-flags";
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { startAdminEmulator } from "../../dev/shopify-admin-emulator/server";
import { defineScenario } from "../registry";
import { figure, type Figure } from "../report";
import { BENCH_DIR, ROOT } from "../support/paths";
import { seedShop } from "../support/seed";
import { round } from "../support/stats";

const run = promisify(execFile);
const SHOP = "bench-catalog-reads.myshopify.com";
const TOKEN = "shpat_bench_catalog_reads";
const MB = 1024 * 1024;
const RSS_GOAL_MB = 250;
const REQUEST_GOAL_MS = 1_000;
/** The paginated read's cost per page of 250 (collection 1, products 2 + 250 x 3), and a Standard shop's refill. */
const POINTS_PER_PAGE = 753;
const STANDARD_POINTS_PER_S = 100;

interface ChildResult {
  seconds: number;
  requestMs: number;
  created: number;
  peakRssBytes: number;
  rssBeforeBytes: number;
}

export default defineScenario({
  name: "catalog-reads",
  order: 7,
  title: "Catalog reads (a whole collection into a batch: bulk operation vs pages)",
  async run(ctx) {
    const sizes = ctx.quick ? [2_000] : [10_000, 100_000];
    const figures: Figure[] = [];
    const dataLoss: string[] = [];
    const details: Record<string, unknown> = {};
    for (const size of sizes) {
      const catalog = new Catalog();
      catalog.addShop({ domain: SHOP, accessToken: TOKEN });
      const ids = Array.from(
        { length: size },
        (_, i) => catalog.addProduct(SHOP, { title: `Bench product ${i + 1}`, sku: `BENCH-${i + 1}` }).id,
      );
      const collectionId = `gid://shopify/Collection/${catalog.addCollection(SHOP, { title: "Everything", productIds: ids }).id}`;
      const emulator = await startAdminEmulator({
        catalog,
        seed: 7,
        throttle: { maximumAvailable: 1_000_000_000, restoreRate: 1_000_000_000 },
        bulkOperations: { timing: { createdMs: 50, runningMs: 100 } },
      });
      const label = size.toLocaleString("en-US");
      try {
        for (const mode of ["bulk", "pages"] as const) {
          const bdb = await ctx.databases.create(`reads${size}${mode}`);
          try {
            await seedShop(bdb.db, SHOP);
            ctx.log(`catalog reads: ${label} products, ${mode}`);
            const { stdout } = await run(
              process.execPath,
              serviceNodeArgs(
                path.join(BENCH_DIR, "support", "catalog-read-child.ts"),
                bdb.url,
                SHOP,
                emulator.url,
                TOKEN,
                collectionId,
                mode,
              ),
              {
                cwd: ROOT,
                env: { ...process.env, LOG_LEVEL: "warn" },
                maxBuffer: 16 * 1024 * 1024,
                timeout: 900_000,
              },
            );
            const result = JSON.parse(stdout.trim().split("\n").at(-1)!) as ChildResult;
            details[`${size}.${mode}`] = result;
            const jobs = await bdb.db.videoJob.count({ where: { shop: SHOP, status: "queued" } });
            if (result.created !== size || jobs !== size) {
              dataLoss.push(`${mode} read of ${size} products made ${result.created} jobs; the database holds ${jobs} queued`);
            }
            const pagesBound = (Math.ceil(size / 250) * POINTS_PER_PAGE) / STANDARD_POINTS_PER_S;
            figures.push(
              figure({
                id: `catalog_read.${mode}.${size}.seconds`,
                label: `${mode === "bulk" ? "Bulk operation" : "Paginated read"}, ${label} products: request to queued jobs`,
                value: round(result.seconds, 2),
                unit: "s",
                anchor: null,
                goal: null,
                note:
                  mode === "pages"
                    ? `emulator's cost bucket unlimited; a Standard shop (100 points/s) needs about ${Math.round(pagesBound)} s of points`
                    : "the emulator's operation takes 150 ms plus its execution; Shopify's takes longer",
              }),
              figure({
                id: `catalog_read.${mode}.${size}.peak_rss_mb`,
                label: `${mode === "bulk" ? "Bulk operation" : "Paginated read"}, ${label} products: peak RSS of the worker`,
                value: round(result.peakRssBytes / MB, 0),
                unit: "MB",
                anchor: { value: RSS_GOAL_MB, what: "goal" },
                goal: mode === "bulk" ? { op: "<=", value: RSS_GOAL_MB } : null,
                note: `${round(result.rssBeforeBytes / MB, 0)} MB before the read`,
              }),
              figure({
                id: `catalog_read.${mode}.${size}.request_ms`,
                label: `${mode === "bulk" ? "Bulk operation" : "Paginated read"}, ${label} products: time the merchant's request stays open`,
                value: round(result.requestMs, 0),
                unit: "ms",
                anchor: { value: REQUEST_GOAL_MS, what: "goal" },
                goal: { op: "<=", value: REQUEST_GOAL_MS },
                note:
                  mode === "pages" ? "the whole read and createBatch happen inside the request" : "records the preparing batch and answers",
              }),
            );
          } finally {
            await bdb.drop();
          }
        }
      } finally {
        await emulator.stop();
      }
    }
    return {
      figures,
      dataLoss,
      notes: [
        `${ctx.databases.kind}; the read runs in a child process with no Redis (nothing is dispatched); the emulator runs in the bench's own process.`,
      ],
      details,
    };
  },
});
