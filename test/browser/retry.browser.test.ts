// A render fails at the provider: the batch page says so in the merchant's
// words and offers Retry; once the provider works again, Retry makes the
// video and it goes live, all on the same page.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { jobRow, markDocument, openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 2_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("retry", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Retry a failed video", () => {
  it("shows the failure with Retry, and the retried video goes live", async () => {
    const { page } = browser;
    const [product] = firstProductsByTitle(sandbox, 1, 7);

    // Every render fails at the provider from now on.
    sandbox.simulator.setFaults({ failRate: 1 });
    const app = await visit(page, "/app/generate");
    await chooseProducts(app, [product]);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    const sameDocument = await markDocument(app);
    const row = jobRow(app, product.title);
    await row.waitFor();

    await eventually(() => row.getByText("Failed", { exact: true }).count(), 1, {
      timeout: 60_000,
      interval: 500,
      what: `the job never showed as failed`,
      diagnostics: () => sandbox.logTail(),
    });
    // Why it failed, next to the status; Retry on the row and for the batch.
    const statusCell = row.locator("td").nth(2);
    const why = ((await statusCell.textContent()) ?? "").replace("Failed", "").trim();
    expect(why.length, `the failed row says why (status cell: "${await statusCell.textContent()}")`).toBeGreaterThan(10);
    const retry = row.getByRole("button", { name: "Retry", exact: true });
    await retry.waitFor();
    await app.getByRole("button", { name: "Retry failed" }).waitFor();
    await browser.screenshot("batch-failed");
    expect(sandbox.simulator.state.counters.failed).toBeGreaterThanOrEqual(1);

    // The provider works again; Retry.
    sandbox.simulator.setFaults({ failRate: 0 });
    await retry.click();
    await expect.poll(() => row.getByText("Failed", { exact: true }).count(), { timeout: 20_000, interval: 250 }).toBe(0);
    await browser.screenshot("batch-retrying");
    await eventually(() => row.getByText("Live on the product page", { exact: true }).count(), 1, {
      timeout: 60_000,
      interval: 500,
      what: "the retried video did not go live",
      diagnostics: () => sandbox.logTail(),
    });
    await expect.poll(() => app.getByRole("button", { name: "Retry failed" }).count()).toBe(0);
    await browser.screenshot("batch-live");

    expect(await sameDocument(), "the batch page was reloaded or left; it should update itself").toBe(true);
    expect(sandbox.videosOn(product)).toBe(1);
    expectHealthyPages(browser);
  });
});
