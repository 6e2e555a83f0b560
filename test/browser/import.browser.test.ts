// Importing an agency's CSV manifest: the good row becomes a batch that goes
// live, each bad row is listed with its line number and why it was skipped.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
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
    await browser.context.route(photoUrl, (route) => route.fulfill({ contentType: "image/png", body: photo }));
    const csv = [
      "sku,image_url,video_prompt,collection,target_surface",
      `${good.sku},${photoUrl},"Slow push-in, warm studio light",spring,product-page`,
      `${unknownSku},${photoUrl},,spring,product-page`,
      `${good.sku}-X,not-a-web-address,,spring,product-page`,
    ].join("\n");

    const app = await visit(page, "/app/import");
    await page.getByRole("heading", { name: "Import CSV" }).waitFor();
    await browser.screenshot("import-page");

    await app.locator('input[type="file"]').setInputFiles({ name: "agency-manifest.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await app.getByText(/^agency-manifest\.csv \(\d+ KB\)$/).waitFor();
    await app.getByRole("button", { name: "Import CSV" }).click();

    // The report: one row imported, two skipped, each with its line and reason.
    const summary = app.getByText("1 row of agency-manifest.csv imported: 1 new video queued");
    await summary.waitFor({ timeout: 30_000 });
    await app.getByText("2 rows skipped; see below.").waitFor();
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
    expectHealthyPages(browser);
  });
});
