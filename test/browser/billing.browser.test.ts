// A merchant approves the pay-per-clip plan on Shopify's approval page (the
// emulated admin's, reached top-level through App Bridge from the app's
// billing page), generates videos, and the billing page lists each clip's
// charge once it is live; Shopify holds one usage record per clip.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { clipPriceCents, USAGE_PLAN_CONFIG } from "~/billing/plans";
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

    // The first 3 clips are free (the plan's terms), approved plan or not; the fourth is charged.
    const chosen = firstProductsByTitle(sandbox, USAGE_PLAN_CONFIG.freeClips + 1);
    app = await visit(page, "/app/generate");
    await chooseProducts(app, chosen);
    await app.getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });

    const charges = (status: string) => sandbox.db.usageCharge.count({ where: { shop: sandbox.shop, status } });
    await eventually(async () => [await charges("free"), await charges("recorded")], [USAGE_PLAN_CONFIG.freeClips, 1], {
      timeout: 120_000,
      interval: 1_000,
      what: "three free clips and one charged",
      diagnostics: () => sandbox.logTail(),
    });
    app = await visit(page, "/app/billing");
    await expect.poll(() => app.getByRole("cell", { name: "Charged", exact: true }).count()).toBe(1);
    await expect.poll(() => app.getByRole("cell", { name: "Free", exact: true }).count()).toBe(USAGE_PLAN_CONFIG.freeClips);
    await app.getByText(/^This period: 1 clip, \$/).waitFor();
    await browser.screenshot("billing-charges");

    const records = sandbox.emulator.billing.usageRecordsOf(sandbox.shop);
    expect(records).toHaveLength(1);
    const charged = await sandbox.db.usageCharge.findMany({ where: { shop: sandbox.shop, status: "recorded" } });
    const jobs = await sandbox.db.videoJob.findMany({ where: { id: { in: charged.map((c) => c.jobId) } } });
    expect(records.map((r) => r.price.cents)).toEqual(jobs.map((j) => clipPriceCents(j)));
    expectHealthyPages(browser);
    // On the way to Shopify's page and back nothing fails: no error view flashes, no request is refused.
    expect(browser.consoleErrors, "console errors in the page").toEqual([]);
    expect(browser.failedRequests, "refused or failed requests").toEqual([]);
  });
});
