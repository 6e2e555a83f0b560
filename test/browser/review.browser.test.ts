// Review mode: a merchant turns auto-publish off in Settings, generates a
// video, watches it on the Review page, approves it, and sees it go live.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jobRow, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 2_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("review", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Review before publishing", () => {
  it("holds the clip for review when auto-publish is off, and publishes it once approved", async () => {
    const { page } = browser;
    const [product] = firstProductsByTitle(sandbox, 1, 3);

    // Settings: turn auto-publish off and save.
    let app = await visit(page, "/app/settings");
    const autoPublish = app.getByRole("checkbox", { name: "Publish finished clips automatically" });
    await expect.poll(() => autoPublish.isChecked()).toBe(true);
    await browser.screenshot("settings-before");
    await autoPublish.uncheck();
    await app.getByRole("button", { name: "Save", exact: true }).click();
    await app
      .getByText(/^Settings saved\./)
      .or(app.getByText("Nothing was saved"))
      .first()
      .waitFor();
    expect(await app.getByText("Nothing was saved").count(), "the settings form refused to save").toBe(0);
    await browser.screenshot("settings-saved");
    await expect.poll(async () => (await sandbox.db.shopSettings.findUnique({ where: { shop: sandbox.shop } }))?.autoPublish).toBe(false);
    // The saved value is what the page shows after a fresh load.
    app = await visit(page, "/app/settings");
    await expect.poll(() => app.getByRole("checkbox", { name: "Publish finished clips automatically" }).isChecked()).toBe(false);

    // Generate a video for one product.
    app = await visit(page, "/app/generate");
    await chooseProducts(app, [product]);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    const batchPath = new URL(app.url()).pathname;
    const row = jobRow(app, product.title);
    await row.waitFor();
    await eventually(() => row.getByText("Waiting for your review", { exact: true }).count(), 1, {
      timeout: 60_000,
      interval: 500,
      what: `the clip never waited for review`,
      diagnostics: () => sandbox.logTail(),
    });
    expect(await row.getByRole("link", { name: "Review the clip" }).count()).toBe(1);
    await browser.screenshot("batch-waiting-for-review");
    expect(sandbox.videosOn(product), "nothing is published before the merchant approves").toBe(0);

    // Review: the clip plays in a video element, then Approve.
    await page.getByRole("navigation", { name: "Catalog Motion" }).getByRole("link", { name: "Review" }).click();
    await app.waitForURL(/\/app\/review/);
    await page.getByRole("heading", { name: "Review clips" }).waitFor();
    const card = app.getByRole("article", { name: product.title });
    await card.waitFor();
    const video = card.locator("video");
    await video.waitFor();
    const src = await video.getAttribute("src");
    // The clip plays from the app's own clip store, not from the provider's link.
    expect(src, "the video element has the stored clip as its source").toMatch(/\/clips\/[^/?]+\/clip\.mp4(\?|$)/);
    const file = await page.request.get(new URL(src!, app.url()).href);
    expect(file.status(), `GET ${src}`).toBe(200);
    expect(file.headers()["content-type"]).toContain("video/mp4");
    // The browser decodes it: the player knows the clip's length and shows its frames.
    const playable = await video.evaluate(async (element: HTMLVideoElement) => {
      element.muted = true;
      await element.play();
      await new Promise((resolve) => setTimeout(resolve, 500));
      element.pause();
      return { duration: element.duration, width: element.videoWidth, time: element.currentTime, error: element.error?.message ?? null };
    });
    expect(playable.error).toBeNull();
    expect(playable.duration).toBeCloseTo(5, 0);
    expect(playable.width).toBeGreaterThan(0);
    expect(playable.time, "the clip played").toBeGreaterThan(0);
    expect(await card.getByRole("button", { name: "Reject" }).count()).toBe(1);
    await browser.screenshot("review-page");

    await card.getByRole("button", { name: "Approve" }).click();
    await app.getByText("No clips are waiting for review", { exact: true }).waitFor({ timeout: 20_000 });
    await browser.screenshot("review-approved");

    // The batch page shows the video going live.
    app = await visit(page, batchPath);
    await eventually(() => jobRow(app, product.title).getByText("Live on the product page", { exact: true }).count(), 1, {
      timeout: 60_000,
      interval: 500,
      what: `the approved clip did not go live`,
      diagnostics: () => sandbox.logTail(),
    });
    await browser.screenshot("batch-live");
    expect(sandbox.videosOn(product)).toBe(1);
    expectHealthyPages(browser);
  });
});
