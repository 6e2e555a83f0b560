// A 10,000-row manifest through /app/import: the preview and the import
// answer without searching a single SKU or asking for a single photo (no
// request waits on Shopify's throttle or on photo servers), the batch is
// "preparing" while a worker checks the photos and matches the SKUs, and the
// report the page then shows is the one an import made at once gives.
import { afterAll, beforeAll, expect, it } from "vitest";
import { followCatalogRead } from "~/catalog/catalog-reads.server";
import { MAX_MANIFEST_ROWS } from "./manifest-csv.server";
import { importManifest, importProgressOf, type ImportProgress, type ImportReport } from "./manifest-import.server";
import { PREVIEW_SKU_MATCH_ROWS } from "./import-preview.server";
import {
  call,
  loaderData,
  OTHER_SHOP,
  postForm,
  postMultipart,
  SHOP,
  startAdminRoutes,
  type AdminRoutes,
} from "../../test/support/admin-routes";

let h: AdminRoutes;
let route: typeof import("~/routes/app.import");
/** Every photo host the checks looked up. */
const photoChecks: string[] = [];

const ROWS = MAX_MANIFEST_ROWS;
const PHOTO = "https://cdn.example.com/catalog/hero.jpg";

/** Row i's SKU: every 1,000th is in no product, row 5's and row 6's belong to two products, the rest to one each. */
const skuOf = (i: number) => (i % 1_000 === 999 ? `NOPE-${i}` : i === 5 || i === 6 ? "TWIN" : `BIG-${i}`);

function manifest(): string {
  const lines = ["sku,image_url,video_prompt,collection,target_surface"];
  for (let i = 0; i < ROWS; i += 1) lines.push(i === 1 ? `,${PHOTO},,,` : `${skuOf(i)},${PHOTO},,,${i % 2 ? "meta-ads" : ""}`);
  return lines.join("\n");
}

beforeAll(async () => {
  h = await startAdminRoutes();
  for (let i = 0; i < ROWS; i += 1) if (skuOf(i).startsWith("BIG-")) h.catalog.addProduct(SHOP, { title: `Board ${i}`, sku: skuOf(i) });
  h.catalog.addProduct(SHOP, { title: "Twin A", sku: "TWIN" });
  h.catalog.addProduct(SHOP, { title: "Twin B", sku: "TWIN" });
  route = await import("~/routes/app.import");
  // The photos' hosts as DNS would answer: one per row; bad-….photos.example names a private
  // address (such a row is skipped), the others are not found (checked, unreachable, go ahead).
  h.ctx.photoHostLookup = async (hostname) => {
    photoChecks.push(hostname);
    if (hostname.startsWith("bad-")) return [{ address: "10.0.0.7", family: 4 }];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
  };
}, 120_000);
afterAll(async () => {
  await h?.stop();
});

const searches = () => h.emulator.stats.operations.VariantsBySku ?? 0;
const withoutBatchIds = (report: ImportReport) => ({ ...report, batches: report.batches.map(({ batchId: _, ...b }) => b) });

it("imports 10,000 rows with no SKU searched in a request, and reports what an import made at once reports", async () => {
  expect(ROWS).toBeGreaterThan(PREVIEW_SKU_MATCH_ROWS);
  const file = manifest();
  const form = new FormData();
  form.set("manifest", new File([file], "big-drop.csv", { type: "text/csv" }));
  form.set("model", "kling-v3");
  form.set("duration", "5");
  const preview = (await (await call(route.action, postMultipart("/app/import", form))).json()) as {
    ok: true;
    preview: { token: string; ready: number; skusMatched: boolean };
  };
  expect(preview).toMatchObject({ ok: true, preview: { ready: ROWS - 1, skusMatched: false } });
  expect(searches()).toBe(0);

  const confirmed = await call(route.action, postForm("/app/import", { token: preview.preview.token }));
  expect(confirmed.status).toBe(302);
  const importId = new URL(confirmed.headers.get("location")!, "http://localhost").searchParams.get("import")!;
  // The request recorded the rows and a preparing batch; it searched nothing.
  expect(searches()).toBe(0);
  const read = await h.t.db.catalogRead.findUniqueOrThrow({ where: { id: importId } });
  expect(await h.t.db.batch.findUniqueOrThrow({ where: { id: read.batchId } })).toMatchObject({ status: "preparing", source: "csv" });
  const matching = await loaderData<{ importing: ImportProgress }>(route.loader, `/app/import?import=${importId}`);
  expect(matching.importing).toEqual({ state: "matching", rows: ROWS - 1, batchId: read.batchId });

  // The worker's part: 50 SKUs a search.
  for (let outcome = await followCatalogRead(h.ctx, importId, 10); outcome.kind !== "finished";) {
    outcome = await followCatalogRead(h.ctx, importId, 10);
  }
  expect(searches()).toBe(Math.ceil((ROWS - 1 - 1) / 50));
  const done = await loaderData<{ importing: ImportProgress }>(route.loader, `/app/import?import=${importId}`);
  if (done.importing.state !== "done") throw new Error(`import ${done.importing.state}`);
  const report = done.importing.report;
  const unknown = Array.from({ length: ROWS / 1_000 }, (_, k) => k * 1_000 + 999);
  expect(report.accepted).toBe(ROWS - 1 - 2 - unknown.length);
  expect(report.batches).toEqual([
    { batchId: read.batchId, title: expect.stringMatching(/^big-drop\.csv · 9,987 products · /), created: 9_987, reused: 0 },
  ]);
  expect(report.problems.map((p) => p.line)).toEqual([3, 7, 8, ...unknown.map((i) => i + 2)]);
  expect(report.problems.slice(0, 3).map((p) => p.reason)).toEqual([
    "sku is empty",
    'the SKU "TWIN" belongs to 2 products; give each product its own SKU',
    'the SKU "TWIN" belongs to 2 products; give each product its own SKU',
  ]);
  expect(await h.t.db.batch.findUniqueOrThrow({ where: { id: read.batchId } })).toMatchObject({ status: "ready", jobCount: 9_987 });
  const jobs = await h.t.db.videoJob.findMany({
    where: { batchId: read.batchId, sku: { in: ["BIG-0", "BIG-3"] } },
    orderBy: { sku: "asc" },
  });
  expect(jobs.map((j) => [j.sku, j.productTitle, j.aspectRatio, j.targetSurface])).toEqual([
    ["BIG-0", "Board 0", "16:9", "product-page"],
    ["BIG-3", "Board 3", "9:16", "meta-ads"],
  ]);

  // The same file imported at once, as every import was before: the same report.
  await h.t.db.batch.delete({ where: { id: read.batchId } });
  const atOnce = await importManifest(h.ctx, SHOP, {
    file: { name: "big-drop.csv", bytes: new TextEncoder().encode(file) },
    model: "kling-v3",
    duration: "5",
  });
  if (!atOnce.ok) throw new Error(atOnce.formError);
  expect(withoutBatchIds(report)).toEqual(withoutBatchIds(atOnce.report));
}, 300_000);

it("checks a big file's photos in the worker, not in the preview, and reports the rows they skip as a small file's preview does", async () => {
  const rows = 1_500;
  expect(rows).toBeGreaterThan(PREVIEW_SKU_MATCH_ROWS);
  const isBad = (i: number) => i % 500 === 17 || i % 500 === 42;
  const photoOf = (i: number) => `https://${isBad(i) ? "bad" : "cdn"}-${i}.photos.example/p.jpg`;
  const lines = ["sku,image_url,video_prompt,collection,target_surface"];
  // SKUs of products that exist (row 999 would be BIG-2999, which is in no product).
  for (let i = 0; i < rows; i += 1) lines.push(`BIG-${i === 999 ? 3_500 : i + 2_000},${photoOf(i)},,,`);
  const form = new FormData();
  form.set("manifest", new File([lines.join("\n")], "photos.csv", { type: "text/csv" }));
  form.set("model", "kling-v3");
  form.set("duration", "5");
  photoChecks.length = 0;
  const preview = (await (await call(route.action, postMultipart("/app/import", form))).json()) as {
    preview: { token: string; ready: number; photosChecked: boolean; problems: unknown[] };
  };
  expect(preview.preview).toMatchObject({ ready: rows, photosChecked: false, problems: [] });
  expect(photoChecks).toHaveLength(0);

  const confirmed = await call(route.action, postForm("/app/import", { token: preview.preview.token }));
  expect(confirmed.status).toBe(302);
  expect(photoChecks).toHaveLength(0);
  const importId = new URL(confirmed.headers.get("location")!, "http://localhost").searchParams.get("import")!;
  const searchesBefore = searches();
  for (let outcome = await followCatalogRead(h.ctx, importId, 10); outcome.kind !== "finished";) {
    outcome = await followCatalogRead(h.ctx, importId, 10);
  }
  // Each photo's host looked up once, by the worker.
  expect(new Set(photoChecks).size).toBe(rows);
  expect(photoChecks).toHaveLength(rows);
  const done = await loaderData<{ importing: ImportProgress }>(route.loader, `/app/import?import=${importId}`);
  if (done.importing.state !== "done") throw new Error(`import ${done.importing.state}`);
  const bad = Array.from({ length: rows }, (_, i) => i).filter(isBad);
  expect(done.importing.report.problems.map((p) => p.line)).toEqual(bad.map((i) => i + 2));
  expect(done.importing.report.accepted).toBe(rows - bad.length);
  // The rows skipped for their photo were never searched for.
  expect(searches() - searchesBefore).toBe(Math.ceil((rows - bad.length) / 50));

  // A small file of the same rows, checked in its preview: the same reasons.
  const small = new FormData();
  small.set("manifest", new File([[lines[0], ...bad.map((i) => lines[i + 1])].join("\n")], "few.csv", { type: "text/csv" }));
  small.set("model", "kling-v3");
  small.set("duration", "5");
  const smallPreview = (await (await call(route.action, postMultipart("/app/import", small))).json()) as {
    preview: { photosChecked: boolean; problems: { sku: string; reason: string }[] };
  };
  expect(smallPreview.preview.photosChecked).toBe(true);
  const reasons = (problems: { sku: string | null; reason: string }[]) => problems.map((p) => [p.sku, p.reason]);
  expect(reasons(done.importing.report.problems)).toEqual(reasons(smallPreview.preview.problems));
  expect(new Set(done.importing.report.problems.map((p) => p.reason))).toEqual(
    new Set(["image_url names a private network address; use the photo's public web address"]),
  );
}, 300_000);

it("another shop's import id reads as nothing", async () => {
  const read = await h.t.db.catalogRead.findFirstOrThrow({ where: { shop: SHOP } });
  expect(await importProgressOf(h.ctx, OTHER_SHOP, read.id)).toBeNull();
  expect(await importProgressOf(h.ctx, SHOP, "no-such-import")).toBeNull();
});
