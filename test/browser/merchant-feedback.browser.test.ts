// The merchant's experience after a click, in Chromium inside the emulated
// admin: a wrong provider key is refused on save (and the right one says
// "Connected"), a request over the budget is confirmed as "Make the first N"
// with nothing failed, a batch with one failure in thirty is not a red batch,
// every action answers with admin's toast, and no page shows an HTTP code, a
// generation id or a model slug outside its "Details" rows.
import type { Frame } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatTime } from "~/merchant-copy/format";
import { makeBatch, makeJob } from "../support/factories";
import { jobRow, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 500, max: 1_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("merchant-feedback", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state !== "fail") return;
  await browser?.screenshot("failure").catch(() => {});
  console.log(`page errors: ${JSON.stringify(browser?.pageErrors)}\nconsole errors: ${JSON.stringify(browser?.consoleErrors)}`);
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

const settingsRow = () => sandbox.db.shopSettings.findUniqueOrThrow({ where: { shop: sandbox.shop } });
const toast = (text: string | RegExp) => browser.page.getByRole("status").getByText(text).first();

/** What the merchant reads on the page: the app frame's text without its "Details" rows. */
async function readableText(app: Frame): Promise<string> {
  return app.evaluate(() => {
    const copy = document.body.cloneNode(true) as HTMLElement;
    for (const details of copy.querySelectorAll("[data-details-row], script, style, ui-title-bar, ui-nav-menu, ui-save-bar"))
      details.remove();
    return copy.innerText;
  });
}

/** When the failed job's two steps happened (an afternoon in UTC, a morning in New York). */
const RENDERING_AT = "2026-12-01T15:00:00.000Z";
const FAILED_AT = "2026-12-01T15:04:30.000Z";

const TECHNICAL = [/\bHTTP\s*\d{3}\b/, /\b[a-z]{2,10}_[0-9a-f]{6,}\b/, /\bkling-v\d/, /\bseedance-\d/];

describe("the merchant's feedback", () => {
  it("refuses a wrong provider key on save, and says Connected for the right one", async () => {
    const before = await settingsRow();
    let app = await visit(browser.page, "/app/settings");
    await app.getByLabel(/API key|Replace key/).fill("wrong-key-0123456789");
    await app.getByRole("button", { name: "Save", exact: true }).click();
    await app.getByText(/did not accept this key/).waitFor();
    await toast("Nothing was saved. Fix the marked fields.").waitFor();
    await browser.screenshot("wrong-key-refused");
    expect((await settingsRow()).providerApiKey).toBe(before.providerApiKey);
    // The provider's answer is there for support, behind Details.
    await app.getByRole("button", { name: "Details" }).click();
    await app.getByText(/HTTP 401/).waitFor();

    app = await visit(browser.page, "/app/settings");
    await app.getByLabel(/API key|Replace key/).fill("sandbox-provider-key");
    await app.getByRole("button", { name: "Save", exact: true }).click();
    await app.getByText("Connected", { exact: true }).waitFor();
    await toast(/^Settings saved\./).waitFor();
    await browser.screenshot("key-connected");
    expect((await settingsRow()).providerKeyHint).toBe("••••-key");
    expectHealthyPages(browser);
  });

  it("shows the contextual save bar while a setting is changed", async () => {
    const app = await visit(browser.page, "/app/settings");
    const saveBar = browser.page.getByRole("region", { name: "Contextual save bar" });
    expect(await saveBar.isVisible()).toBe(false);
    await app.getByLabel("Monthly credit budget").fill("4321");
    await expect.poll(() => saveBar.isVisible(), { timeout: 5_000 }).toBe(true);
    await browser.screenshot("settings-save-bar");
    await saveBar.getByRole("button", { name: "Save" }).click();
    await toast(/^Settings saved\./).waitFor();
    await expect.poll(async () => (await settingsRow()).monthlyCreditBudget, { timeout: 10_000 }).toBe(4321);
    await expect.poll(() => saveBar.isVisible(), { timeout: 5_000 }).toBe(false);
  });

  it("confirms a request over the budget as “Make the first N”, and nothing fails", async () => {
    // Room for fewer videos than asked for, whatever the default model and length cost.
    await sandbox.db.shopSettings.update({ where: { shop: sandbox.shop }, data: { monthlyCreditBudget: 7 } });
    const chosen = firstProductsByTitle(sandbox, 4, 10);
    const app = await visit(browser.page, "/app/generate");
    await chooseProducts(app, chosen);
    await app.getByRole("button", { name: "Generate videos" }).click();
    // Polaris' modal, in the app's own frame.
    const makeFirst = app.getByRole("button", { name: /^Make the first \d+$/ });
    await makeFirst.first().waitFor();
    await browser.screenshot("over-budget-confirmation");
    const n = Number(((await makeFirst.first().textContent()) ?? "").replace(/\D+/g, ""));
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThan(chosen.length);
    await makeFirst.first().click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    const batchId = new URL(app.url()).pathname.split("/").pop()!;
    await eventually(() => sandbox.db.videoJob.count({ where: { batchId } }), n, { timeout: 20_000, what: "the first N jobs" });
    await eventually(
      () =>
        sandbox.db.videoJob.count({ where: { batchId, status: { in: ["queued", "submitting", "rendering", "checking", "publishing"] } } }),
      0,
      { timeout: 90_000, what: "the batch to finish", diagnostics: () => sandbox.logTail() },
    );
    expect(await sandbox.db.videoJob.count({ where: { batchId, status: "failed" } })).toBe(0);
    expect(await app.getByText("Failed", { exact: true }).count()).toBe(0);
    await browser.screenshot("over-budget-first-n");
    await sandbox.db.shopSettings.update({ where: { shop: sandbox.shop }, data: { monthlyCreditBudget: 100_000 } });
    expectHealthyPages(browser);
  });

  it("shows one failure in thirty as a segment, not a red batch, and Retry answers with a toast", async () => {
    const batch = await makeBatch(sandbox.db, sandbox.shop, { title: "Thirty posters" });
    const products = sandbox.products();
    for (let i = 0; i < 29; i++) {
      await makeJob(sandbox.db, {
        shop: sandbox.shop,
        batchId: batch.id,
        status: "published",
        productId: products[i % products.length].id,
      });
    }
    const failed = await makeJob(sandbox.db, {
      shop: sandbox.shop,
      batchId: batch.id,
      status: "failed",
      generationId: "vgen_3535e9fa9dc0e8a5",
    });
    await sandbox.db.videoJob.update({
      where: { id: failed.id },
      data: {
        errorCode: "render_failed",
        errorMessage:
          "The video studio could not make this clip (Upstream provider rejected the image: subject could not be detected). Retry, or try another photo or prompt.",
      },
    });
    await sandbox.db.jobEvent.createMany({
      data: [
        {
          jobId: failed.id,
          shop: sandbox.shop,
          fromStatus: "submitting",
          toStatus: "rendering",
          detail: "Rendering (vgen_3535e9fa9dc0e8a5)",
          at: new Date(RENDERING_AT),
        },
        {
          jobId: failed.id,
          shop: sandbox.shop,
          fromStatus: "rendering",
          toStatus: "failed",
          detail: "Upstream provider rejected the image (HTTP 422)",
          at: new Date(FAILED_AT),
        },
      ],
    });

    const app = await visit(browser.page, `/app/batches/${batch.id}`);
    const meter = app.getByRole("meter", { name: "Batch progress" });
    await meter.waitFor();
    expect(await meter.getAttribute("aria-valuetext")).toMatch(/29 live · 1 failed/);
    const failedShare = await app.locator('[data-segment="failed"]').evaluate((e) => (e as HTMLElement).style.width);
    expect(parseFloat(failedShare)).toBeCloseTo(100 / 30, 1);
    // No critical bar and no critical banner for one failure in thirty.
    expect(await app.locator(".Polaris-ProgressBar--toneCritical, .Polaris-Banner--toneCritical").count()).toBe(0);
    await browser.screenshot("one-failure-in-thirty");

    const row = jobRow(app, failed.productTitle).filter({ hasText: "could not find the product" });
    await row.getByText("The video studio could not find the product in the photo.").waitFor();
    const batchText = await readableText(app);
    expect(TECHNICAL.filter((t) => t.test(batchText))).toEqual([]);

    // The job page: the timeline newest first, ids and codes only under Details.
    const job = await visit(browser.page, `/app/jobs/${failed.id}`);
    const timeline = job.getByRole("list", { name: "Timeline" });
    await timeline.waitFor();
    // Newest first, each time in the shop's time zone (Shopify's shop.ianaTimezone), not the browser's UTC.
    const shopZone = (await settingsRow()).ianaTimezone;
    expect(shopZone, "the shop's time zone was read from the Admin API").toBe(sandbox.catalog.shops.get(sandbox.shop)?.ianaTimezone);
    expect(formatTime(FAILED_AT, shopZone)).not.toBe(formatTime(FAILED_AT, "UTC"));
    const entries = await timeline.locator(":scope > li").allInnerTexts();
    expect(entries.map((e) => e.split("\n")[0].trim())).toEqual([formatTime(FAILED_AT, shopZone), formatTime(RENDERING_AT, shopZone)]);
    expect(entries[0]).toContain("Failed");
    const jobText = await readableText(job);
    expect(TECHNICAL.filter((t) => t.test(jobText))).toEqual([]);
    await browser.screenshot("job-in-merchant-words");

    await job.getByRole("button", { name: "Retry", exact: true }).click();
    await toast("Queued again. It starts as soon as a slot is free.").waitFor();
    await browser.screenshot("retry-toast");
    expectHealthyPages(browser);
  });

  it("shows no HTTP code, generation id or model slug outside Details on any page of this run", async () => {
    const jobs = await sandbox.db.videoJob.findMany({ where: { shop: sandbox.shop }, select: { id: true, batchId: true }, take: 5 });
    const pages = [
      "/app",
      "/app/generate",
      "/app/settings",
      "/app/review",
      ...new Set(jobs.map((j) => `/app/batches/${j.batchId}`)),
      ...jobs.map((j) => `/app/jobs/${j.id}`),
    ];
    const found: string[] = [];
    for (const path of pages) {
      const app = await visit(browser.page, path);
      const text = await readableText(app);
      for (const pattern of TECHNICAL) {
        const hit = text.match(pattern);
        if (hit) found.push(`${path}: “${hit[0]}”`);
      }
    }
    expect(found).toEqual([]);
    expectHealthyPages(browser);
  });
});
