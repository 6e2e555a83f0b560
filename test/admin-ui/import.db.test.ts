// /app/import: a CSV manifest uploaded as a file, previewed, then imported.
// The preview reports bad rows and unknown SKUs with their line and prices the
// rest, creating nothing; the import makes the previewed rows' videos, in one
// batch, each with its own prompt and shape. A file that cannot be read creates nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dayOf } from "~/pipeline/batch-name.server";
import { call, OTHER_SHOP, postForm, postMultipart, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";

let h: AdminRoutes;
let route: typeof import("~/routes/app.import");

beforeAll(async () => {
  h = await startAdminRoutes();
  for (const sku of ["SKU-1001", "SKU-1002", "SKU-1003", "SKU-1005", "SKU-DUP", "SKU-DUP"])
    h.catalog.addProduct(SHOP, { title: `Product ${sku}`, sku });
  h.catalog.addProduct(OTHER_SHOP, { title: "Their product", sku: "SKU-THEIRS" });
  route = await import("~/routes/app.import");
});
afterAll(async () => {
  await h.stop();
});

function upload(csv: string | Uint8Array, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.set("manifest", new File([typeof csv === "string" ? csv : Buffer.from(csv)], "spring-drop.csv", { type: "text/csv" }));
  form.set("model", fields.model ?? "kling-v3");
  form.set("duration", fields.duration ?? "5");
  return call(route.action, postMultipart("/app/import", form));
}

interface Preview {
  ok: true;
  preview: {
    token: string;
    rows: number;
    ready: number;
    problems: { line: number; sku: string | null; reason: string }[];
    estimate: { perVideo: number; total: number };
  };
}

const confirm = (token: string) => call(route.action, postForm("/app/import", { token }));

/** Preview, then import what the preview showed. */
async function importFile(csv: string): Promise<Report> {
  const preview = (await (await upload(csv)).json()) as Preview;
  expect(preview.ok).toBe(true);
  const response = await confirm(preview.preview.token);
  expect(response.status).toBe(200);
  // A second click on the same preview imports nothing more.
  expect((await confirm(preview.preview.token)).status).toBe(409);
  return (await response.json()) as Report;
}

interface Report {
  ok: true;
  report: {
    fileName: string;
    accepted: number;
    batches: { batchId: string; title: string; created: number }[];
    problems: { line: number; sku: string | null; reason: string }[];
  };
}

const MANIFEST = [
  "\uFEFFsku,image_url,video_prompt,collection,target_surface",
  'SKU-1001,https://cdn.example.com/catalog/mug-hero.jpg,"5-second product hero shot, slow camera push, clean white sweep",new-arrivals,shopify-pdp',
  'SKU-1002,https://cdn.example.com/catalog/shoe-hero.jpg,"5-second product reveal,\r\ngentle rotation",spring-drop,shopify-pdp',
  "SKU-1003,https://cdn.example.com/catalog/bag-hero.jpg,5-second lifestyle motion,paid-social,meta-ads",
  "SKU-404,https://cdn.example.com/x.jpg,,,",
  ",https://cdn.example.com/y.jpg,,,",
  "SKU-1005,not-a-url,,,",
  "SKU-1005,https://cdn.example.com/z.jpg,,,tiktok",
  "SKU-DUP,https://cdn.example.com/d.jpg,,,",
  "SKU-THEIRS,https://cdn.example.com/t.jpg,,,",
  "SKU-1005,https://cdn.example.com/z.jpg,,",
].join("\r\n");

describe("importing a manifest", () => {
  it("previews the file without creating anything: counts, every skipped row with its line, and the price", async () => {
    const response = await upload(MANIFEST);
    expect(response.status).toBe(200);
    const { preview } = (await response.json()) as Preview;
    expect(preview).toMatchObject({ rows: 10, ready: 3 });
    expect(preview.problems.map((p) => [p.line, p.sku])).toEqual([
      [6, "SKU-404"],
      [7, null],
      [8, "SKU-1005"],
      [9, "SKU-1005"],
      [10, "SKU-DUP"],
      [11, "SKU-THEIRS"],
      [12, null],
    ]);
    expect(preview.estimate.total).toBe(preview.estimate.perVideo * 3);
    expect(preview.estimate.perVideo).toBeGreaterThan(0);
    expect(await h.t.db.batch.count({ where: { shop: SHOP } })).toBe(0);
    expect(await h.t.db.videoJob.count({ where: { shop: SHOP } })).toBe(0);
  });

  it("imports only the latest preview, by its token", async () => {
    const { preview } = (await (await upload(MANIFEST)).json()) as Preview;
    const wrong = await confirm("0".repeat(32));
    expect(wrong.status).toBe(409);
    expect(await wrong.json()).toMatchObject({ ok: false, formError: expect.stringMatching(/expired or was replaced/) });
    // A newer preview replaces the older one: the first token no longer imports.
    const newer = (await (await upload(MANIFEST)).json()) as Preview;
    expect((await confirm(preview.token)).status).toBe(409);
    expect(await h.t.db.videoJob.count({ where: { shop: SHOP } })).toBe(0);
    expect(newer.preview.token).not.toBe(preview.token);
  });

  it("creates a batch per clip shape from the good rows and reports every other row with its line", async () => {
    const { report } = await importFile(MANIFEST);
    expect(report.accepted).toBe(3);
    // One file, one batch, whatever the mix of surfaces.
    expect(report.batches.map((b) => [b.title, b.created])).toEqual([[`spring-drop.csv · 3 products · ${dayOf(new Date(), "UTC")}`, 3]]);
    expect(report.problems.map((p) => [p.line, p.sku])).toEqual([
      [6, "SKU-404"],
      [7, null],
      [8, "SKU-1005"],
      [9, "SKU-1005"],
      [10, "SKU-DUP"],
      [11, "SKU-THEIRS"],
      [12, null],
    ]);
    expect(report.problems[0].reason).toBe('no product in your store has the SKU "SKU-404"');
    expect(report.problems[1].reason).toBe("sku is empty");
    expect(report.problems[2].reason).toMatch(/image_url is not a web address/);
    expect(report.problems[3].reason).toMatch(/target_surface "tiktok" is not one we know/);
    expect(report.problems[4].reason).toMatch(/belongs to 2 products/);
    expect(report.problems[6].reason).toMatch(/different number of fields/);

    const jobs = await h.t.db.videoJob.findMany({ where: { shop: SHOP }, orderBy: { sku: "asc" } });
    expect(jobs.map((j) => [j.sku, j.aspectRatio, j.targetSurface, j.prompt])).toEqual([
      ["SKU-1001", "16:9", "shopify-pdp", "5-second product hero shot, slow camera push, clean white sweep"],
      ["SKU-1002", "16:9", "shopify-pdp", "5-second product reveal,\ngentle rotation"],
      ["SKU-1003", "9:16", "meta-ads", "5-second lifestyle motion"],
    ]);
    expect(jobs.map((j) => j.productTitle)).toEqual(["Product SKU-1001", "Product SKU-1002", "Product SKU-1003"]);
    expect(jobs[0].imageUrl).toBe("https://cdn.example.com/catalog/mug-hero.jpg");
    const batches = await h.t.db.batch.findMany({ where: { shop: SHOP } });
    expect(batches.every((b) => b.source === "csv")).toBe(true);
  });

  it("uses the shop's template for the surface when a row has no prompt", async () => {
    const { report } = await importFile("sku,image_url,target_surface\nSKU-1005,https://cdn.example.com/five.jpg,product-page-square\n");
    const job = await h.t.db.videoJob.findFirstOrThrow({ where: { batchId: report.batches[0].batchId } });
    expect(job).toMatchObject({
      aspectRatio: "1:1",
      targetSurface: "product-page-square",
      prompt: expect.stringMatching(/square framing/),
    });
  });

  async function refused(csv: string | Uint8Array, message: RegExp, fields?: Record<string, string>) {
    const before = await h.t.db.videoJob.count();
    const response = await upload(csv, fields);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { formError?: string; errors: Record<string, string> };
    expect(body.formError ?? Object.values(body.errors).join(" ")).toMatch(message);
    expect(await h.t.db.videoJob.count()).toBe(before);
  }

  it("creates nothing from a file that cannot be read as a manifest, and says why", async () => {
    await refused("product,url\nSKU-1001,https://cdn.example.com/a.jpg\n", /columns we don't know: "product", "url"/);
    await refused("sku,image_url\n" + "SKU-1001,https://cdn.example.com/a.jpg\n".repeat(10_001), /more than 10,000 rows/);
    await refused("sku,image_url\n" + "x".repeat(5 * 1024 * 1024), /larger than 5 MB/);
    await refused('sku,image_url\nSKU-1001,"https://cdn.example.com/a.jpg\n', /Line 2 opens a quoted field that is never closed/);
    await refused(new Uint8Array([0x73, 0x6b, 0x75, 0x0a, 0xff, 0xfe, 0x00]), /isn't UTF-8/);
    await refused("sku,image_url\nSKU-1001,https://cdn.example.com/a.jpg\n", /Choose a model/, { model: "" });
  });

  it("asks for a file when none was chosen", async () => {
    const form = new FormData();
    form.set("model", "kling-v3");
    form.set("duration", "5");
    const response = await call(route.action, postMultipart("/app/import", form));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: { manifest: "Choose a CSV file to import" } });
  });
});
