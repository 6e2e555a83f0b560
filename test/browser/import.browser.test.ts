// Importing an agency's CSV manifest in two steps: the sample file to start
// from, then the preview lists each bad row with its line number and why it is
// skipped (and downloads them as CSV), then the good row becomes a batch that
// goes live.
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_COLUMNS } from "~/manifests/manifest-columns";
import { surfaceForManifestValue } from "~/pipeline/target-surfaces";
import { jobRow, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 2_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("import", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Import a CSV manifest", () => {
  it("creates a batch from the good row and lists the bad rows with their line numbers", async () => {
    const { page } = browser;
    // A real SKU of the demo shop, read from the Admin API emulator's catalog.
    const [good] = firstProductsByTitle(sandbox, 1, 5);
    const unknownSku = "NOPE-ZZZ-99999";
    expect(sandbox.products().some((p) => p.sku === unknownSku)).toBe(false);
    // Agencies host their photos on an https CDN (a manifest's image_url must be https);
    // the browser is served this one from the emulator's copy of the product photo.
    const photoUrl = `https://cdn.example.com/catalog/${encodeURIComponent(good.sku)}.png`;
    const photo = Buffer.from(await (await fetch(good.imageUrl)).arrayBuffer());
    await browser.context.route("https://cdn.example.com/**", (route) => route.fulfill({ contentType: "image/png", body: photo }));
    const csv = [
      "sku,image_url,video_prompt,collection,target_surface",
      `${good.sku},${photoUrl},"Slow push-in, warm studio light",spring,product-page`,
      `${unknownSku},${photoUrl},,spring,product-page`,
      `${good.sku}-X,not-a-web-address,,spring,product-page`,
    ].join("\n");

    const app = await visit(page, "/app/import");
    await page.getByRole("heading", { name: "Import CSV" }).waitFor();
    await browser.screenshot("import-page");

    // The sample file: the manifest's columns, and rows whose surfaces the import accepts.
    const [sampleDownload] = await Promise.all([
      browser.page.waitForEvent("download"),
      app.getByRole("button", { name: "Download a sample file" }).click(),
    ]);
    expect(sampleDownload.suggestedFilename()).toBe("catalog-motion-template.csv");
    const sample = fs.readFileSync((await sampleDownload.path())!, "utf8");
    expect(sample.startsWith("\uFEFF")).toBe(true);
    const sampleRows = parse(sample, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(sampleRows[0] ?? {})).toEqual([...MANIFEST_COLUMNS]);
    expect(sampleRows.length).toBeGreaterThan(0);
    for (const row of sampleRows) {
      expect(surfaceForManifestValue(row.target_surface), `the sample's surface "${row.target_surface}"`).toBeDefined();
      expect(row.image_url).toMatch(/^https:\/\//);
    }

    await app.locator('input[type="file"]').setInputFiles({ name: "agency-manifest.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await app.getByText(/^agency-manifest\.csv \(\d+ KB\)$/).waitFor();
    await app.getByRole("button", { name: "Preview import" }).click();

    // The preview: nothing made yet, one row ready, two skipped with their whole reasons.
    await app.getByRole("heading", { name: "Preview of agency-manifest.csv" }).waitFor({ timeout: 30_000 });
    await app.getByText("3 rows read: 1 row ready to import, 2 rows skipped.").waitFor();
    expect(await app.getByText(/imported: /).count(), "nothing is imported before the merchant confirms").toBe(0);
    const skipped = app.getByRole("table").filter({ has: app.getByRole("columnheader", { name: "Why it was skipped" }) });
    await skipped.waitFor();
    const lineThree = skipped.getByRole("row").filter({ has: app.getByText(unknownSku, { exact: true }) });
    expect(await lineThree.locator("th, td").first().textContent()).toBe("3");
    expect(await lineThree.textContent()).toContain(`No product in your store has the SKU "${unknownSku}"`);
    const lineFour = skipped.getByRole("row").filter({ has: app.getByText(`${good.sku}-X`, { exact: true }) });
    expect(await lineFour.locator("th, td").first().textContent()).toBe("4");
    expect(await lineFour.textContent()).toContain("image_url is not a web address");
    expect(
      await skipped
        .getByRole("row")
        .filter({ has: app.getByText(good.sku, { exact: true }) })
        .count(),
      "the good row is not among the skipped ones",
    ).toBe(0);
    await browser.screenshot("import-preview");

    // The skipped rows as a CSV the agency can fix and send again.
    const [download] = await Promise.all([
      browser.page.waitForEvent("download"),
      app.getByRole("button", { name: "Download skipped rows (CSV)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("agency-manifest-skipped-rows.csv");
    const skippedCsv = fs.readFileSync((await download.path())!, "utf8");
    expect(skippedCsv.startsWith("\uFEFF")).toBe(true);
    expect(skippedCsv).toContain(`"3","${unknownSku}","No product in your store has the SKU ""${unknownSku}"""`);
    expect(skippedCsv).toContain(`"4","${good.sku}-X"`);
    const skippedRows = parse(skippedCsv, { bom: true }) as string[][];
    expect(skippedRows[0]).toEqual(["line", "sku", "why_skipped"]);
    expect(skippedRows.length, "a header and the two skipped rows").toBe(3);

    await app.getByRole("button", { name: "Import 1 row" }).first().click();
    const summary = app.getByText("1 row of agency-manifest.csv imported: 1 new video queued");
    await summary.waitFor({ timeout: 30_000 });
    await app.getByText("2 rows skipped; see below.").waitFor();
    await browser.screenshot("import-report");

    // The good row's batch: open it from the report and watch the video go live.
    await app.getByRole("link", { name: "agency-manifest.csv" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/);
    const row = jobRow(app, good.title);
    await row.waitFor();
    expect(await row.textContent()).toContain(good.sku);
    await browser.screenshot("batch-started");
    await eventually(() => row.getByText("Live on the product page", { exact: true }).count(), 1, {
      timeout: 60_000,
      interval: 500,
      what: `the imported video did not go live`,
      diagnostics: () => sandbox.logTail(),
    });
    expect(await app.getByRole("row").filter({ hasText: unknownSku }).count(), "the unknown SKU made no job").toBe(0);
    await browser.screenshot("batch-live");
    expect(sandbox.videosOn(good)).toBe(1);
    // Every photo shown on the way loaded (the agency's CDN above serves them): no broken image, no failed request.
    expect(browser.consoleErrors, "console errors").toEqual([]);
    expect(browser.failedRequests, "failed requests").toEqual([]);
    expectHealthyPages(browser);
  });
});
