// Generating for a whole collection: the merchant picks "Every product in a
// collection", chooses Bestsellers, sees the estimate for all of its products,
// and follows the batch's progress until every video is live.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jobRow, markDocument, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { eventually, expectHealthyPages } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 3_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("collection", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Generate videos for a collection", () => {
  it("makes a video for every product of the collection and shows the batch's progress", async () => {
    const { page } = browser;
    const bestsellers = sandbox.collection("Bestsellers");
    const size = bestsellers.products.length;
    expect(size).toBeGreaterThan(1);

    const app = await visit(page, "/app/generate");
    // Polaris draws its own radio over the input: a merchant clicks the label.
    await app.getByText("Every product in a collection", { exact: true }).click();
    await expect.poll(() => app.getByRole("radio", { name: "Every product in a collection" }).isChecked()).toBe(true);
    await app.getByRole("heading", { name: "Your collections" }).waitFor();
    const choice = app.getByRole("radio", { name: `Bestsellers (${size} products)` });
    await app.getByText(`Bestsellers (${size} products)`, { exact: true }).click();
    await expect.poll(() => choice.isChecked()).toBe(true);
    await expect.poll(() => app.getByRole("heading", { name: "1 collection chosen" }).isVisible()).toBe(true);
    await expect.poll(() => app.getByText(new RegExp(`^${size} videos × `)).isVisible()).toBe(true);
    await browser.screenshot("collection-chosen");

    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    await page.getByRole("heading", { name: "Bestsellers" }).waitFor();
    const sameDocument = await markDocument(app);
    for (const product of bestsellers.products) await jobRow(app, product.title).waitFor();
    await browser.screenshot("batch-started");

    // Follow the progress line ("N of M finished") as the page updates itself.
    const progress = app.getByText(new RegExp(`^\\d+ of ${size} finished$`));
    const finishedCounts: number[] = [];
    let midwayShot = false;
    await eventually(
      async () => {
        const text = await progress.textContent({ timeout: 1_000 }).catch(() => null);
        const finished = text ? Number(text.split(" ")[0]) : -1;
        if (finished >= 0 && finishedCounts.at(-1) !== finished) finishedCounts.push(finished);
        if (!midwayShot && finished > 0 && finished < size) {
          midwayShot = true;
          await browser.screenshot("batch-in-progress");
        }
        return finished;
      },
      size,
      {
        timeout: 120_000,
        interval: 400,
        what: "the batch did not finish",
        diagnostics: () => `progress seen: ${finishedCounts.join(" → ")}\n${sandbox.logTail()}`,
      },
    );
    expect(finishedCounts, "progress only moves forward").toEqual([...finishedCounts].sort((a, b) => a - b));
    expect(finishedCounts.length, `progress seen: ${finishedCounts.join(" → ")}`).toBeGreaterThanOrEqual(2);

    await app.getByText(`Live on the product page: ${size}`, { exact: true }).waitFor();
    for (const product of bestsellers.products) {
      expect(await jobRow(app, product.title).getByText("Live on the product page", { exact: true }).count(), product.title).toBe(1);
    }
    await browser.screenshot("batch-live");
    expect(await sameDocument(), "the batch page was reloaded or left; it should update itself").toBe(true);
    for (const product of bestsellers.products) expect(sandbox.videosOn(product), product.title).toBe(1);

    // Home shows the batch among the recent ones.
    // The app's name in admin's sidebar opens its home page (the nav menu's rel="home" link).
    await page.getByRole("navigation", { name: "Catalog Motion" }).getByRole("link", { name: "Catalog Motion" }).click();
    await app.getByRole("link", { name: "Bestsellers" }).waitFor();
    await app.getByText(`${size} of ${size} finished`).first().waitFor();
    await browser.screenshot("home");
    expectHealthyPages(browser);
  });
});
