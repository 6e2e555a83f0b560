// A merchant picks products on the Generate page, asks for videos, lands on the
// batch page and watches each video go live there, without reloading.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jobRow, markDocument, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type DemoProduct, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 3_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("generate-products", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Generate videos for chosen products", () => {
  it("creates a batch and the batch page follows every video until it is live", async () => {
    const { page } = browser;
    const chosen: DemoProduct[] = firstProductsByTitle(sandbox, 3);

    const app = await visit(page, "/app/generate");
    // The page's title is in the admin's title bar, above the app's frame.
    await expect.poll(() => page.getByRole("heading", { name: "Generate videos" }).isVisible()).toBe(true);
    await browser.screenshot("generate-page");

    await chooseProducts(app, chosen);
    await expect.poll(() => app.getByRole("heading", { name: "3 products chosen" }).isVisible()).toBe(true);
    await expect.poll(() => app.getByText(/^3 videos × /).isVisible()).toBe(true);
    await browser.screenshot("products-chosen");

    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    // The batch is named after its products, their count and the day: "First, Second and 1 more · 3 products · 2 Dec".
    await expect
      .poll(() => page.getByRole("heading", { name: / and 1 more · 3 products · \d{1,2} [A-Z][a-z]{2}$/ }).isVisible())
      .toBe(true);
    // The admin's address follows the app's page.
    expect(page.url()).toMatch(/\/store\/catalog-motion-demo\/apps\/catalog-motion\/app\/batches\/[^/?]+$/);
    const sameDocument = await markDocument(app);
    for (const product of chosen) await jobRow(app, product.title).waitFor();
    await browser.screenshot("batch-started");

    // Live updates: the page revalidates itself while videos are on their way.
    const progressLine = app.getByText(/^\d+ of 3 finished$/);
    const seenProgress = new Set<string>([(await progressLine.textContent()) ?? ""]);
    await eventually(
      async () => {
        const progress = await progressLine.textContent({ timeout: 1_000 }).catch(() => null);
        if (progress) seenProgress.add(progress);
        const live = await Promise.all(
          chosen.map((p) => jobRow(app, p.title).getByText("Live on the product page", { exact: true }).count()),
        );
        return live.every((n) => n === 1);
      },
      true,
      { timeout: 90_000, interval: 500, what: "videos did not all go live", diagnostics: () => sandbox.logTail() },
    );
    await expect.poll(() => app.getByText("3 of 3 finished").isVisible()).toBe(true);
    await browser.screenshot("batch-live");

    expect(await sameDocument(), "the batch page was reloaded or left; it should update itself").toBe(true);
    expect(seenProgress.has("0 of 3 finished"), `progress seen: ${[...seenProgress].join(", ")}`).toBe(true);
    for (const product of chosen) expect(sandbox.videosOn(product), `a video on ${product.title} in the shop`).toBe(1);
    expectHealthyPages(browser);
  });

  it("asking again for the same videos starts nothing, says why, and keeps Home free of the empty request", async () => {
    const { page } = browser;
    const chosen: DemoProduct[] = firstProductsByTitle(sandbox, 3);
    const jobsBefore = await sandbox.db.videoJob.count();

    const app = await visit(page, "/app/generate");
    await chooseProducts(app, chosen);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    await app.getByRole("heading", { name: "Nothing new to make" }).waitFor();
    await app.getByText("Not made again, because the same video is already on its way or live: 3 products.").waitFor();
    expect(await app.getByRole("table").count(), "no table of videos for a request that made none").toBe(0);
    await browser.screenshot("nothing-new");
    expect(await sandbox.db.videoJob.count(), "no new video job").toBe(jobsBefore);
    for (const product of chosen) expect(sandbox.videosOn(product), `still one video on ${product.title}`).toBe(1);

    await app.getByRole("link", { name: "Follow your videos on Home" }).click();
    await app.waitForURL(/\/app(\?|$)/);
    const recent = app.getByRole("link", { name: / and 1 more · 3 products · / });
    await expect.poll(() => recent.count(), { message: "Home lists the batch that made the videos, not the empty request" }).toBe(1);
    expectHealthyPages(browser);
  });
});
