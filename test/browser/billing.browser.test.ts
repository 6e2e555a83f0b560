// A merchant approves the pay-per-clip plan on Shopify's approval page (the
// emulated admin's, reached top-level through App Bridge from the app's
// billing page), generates videos, and the billing page lists each clip's
// charge once it is live; Shopify holds one usage record per clip.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clipPriceCents } from "~/billing/plans";
import { openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ renderTimeMs: { min: 1_000, max: 2_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("billing", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("Billing", () => {
  it("approve the plan in admin, generate, and the billing page shows each clip's charge", async () => {
    const { page } = browser;
    let app = await visit(page, "/app/billing");
    await app.getByText("Not approved yet").waitFor();
    await app.getByRole("button", { name: "Approve plan" }).click();

    // Shopify's approval page, top-level in admin.
    await page.waitForURL((url) => url.pathname.startsWith("/admin/charges/"), { timeout: 30_000 });
    await page.getByText("Test charge: the store will not be billed").waitFor();
    await browser.screenshot("approval-page");
    await page.getByRole("button", { name: "Approve", exact: true }).click();

    // Back in the app's billing page inside admin.
    await page.waitForURL((url) => url.pathname.endsWith("/apps/catalog-motion/app/billing"), { timeout: 30_000 });
    app = await visit(page, "/app/billing");
    await app.getByText("Approved", { exact: true }).waitFor();
    await browser.screenshot("plan-approved");

    const chosen = firstProductsByTitle(sandbox, 2);
    app = await visit(page, "/app/generate");
    await chooseProducts(app, chosen);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });

    await eventually(async () => (await sandbox.db.usageCharge.count({ where: { shop: sandbox.shop, status: "recorded" } })) === 2, true, {
      timeout: 120_000,
      interval: 1_000,
      what: "both clips charged",
      diagnostics: () => sandbox.logTail(),
    });
    app = await visit(page, "/app/billing");
    const charged = app.getByRole("cell", { name: "Charged", exact: true });
    await expect.poll(() => charged.count()).toBe(2);
    await app.getByText(/^This period: 2 clips, \$/).waitFor();
    await browser.screenshot("billing-charges");

    const records = sandbox.emulator.billing.usageRecordsOf(sandbox.shop);
    expect(records).toHaveLength(2);
    const jobs = await sandbox.db.videoJob.findMany({ where: { shop: sandbox.shop, status: "published" } });
    expect(records.map((r) => r.price.cents).sort()).toEqual(jobs.map((j) => clipPriceCents(j)).sort());
    expectHealthyPages(browser);
  });
});
