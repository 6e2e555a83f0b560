// The Generate page with a full page of products (25 rows), as a keyboard user
// and as a merchant on a small screen meet it: the primary action is a few Tab
// presses from the page's first control (not after every product row), and
// its bar stays in view whether the page is scrolled to the top or the bottom,
// without hiding the last row of the list. Then Generate is pressed from the
// bar with the page scrolled to its end, and the batch is made.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Frame } from "playwright-core";
import { openBrowser, visit, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { chooseProducts, eventually, expectHealthyPages, firstProductsByTitle } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

/** Few enough that nobody has to count them: the mode choice, the video's five settings, then Generate. */
const MOST_TAB_PRESSES = 10;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ catalogSize: 30, renderTimeMs: { min: 1_000, max: 2_000 }, faults: { failRate: 0 } });
  browser = await openBrowser("generate-layout", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

/** Tab presses from the focused element until the bar's Generate button has focus (or `limit` presses). */
async function tabsToGenerate(app: Frame, limit: number): Promise<number> {
  const onGenerate = () =>
    app.evaluate(() => {
      const active = document.activeElement;
      return Boolean(active?.closest('[role="region"][aria-label="Generate videos"]') && active.textContent?.trim() === "Generate videos");
    });
  for (let presses = 1; presses <= limit; presses++) {
    await browser.page.keyboard.press("Tab");
    if (await onGenerate()) return presses;
  }
  return Infinity;
}

/** Where the bar's button and the list's last row are, against the app frame's window. */
async function layout(app: Frame) {
  return app.evaluate(() => {
    const button = [...document.querySelectorAll('[role="region"][aria-label="Generate videos"] button')].find(
      (b) => b.textContent?.trim() === "Generate videos",
    )!;
    const bar = button.closest('[role="region"]')!.getBoundingClientRect();
    const rows = document.querySelectorAll(".Polaris-ResourceItem__ListItem");
    const lastRow = rows[rows.length - 1]?.getBoundingClientRect() ?? null;
    const box = button.getBoundingClientRect();
    return {
      viewportHeight: window.innerHeight,
      pageHeight: document.scrollingElement!.scrollHeight,
      scrolledTo: window.scrollY,
      atBottom: window.scrollY + window.innerHeight >= document.scrollingElement!.scrollHeight - 1,
      button: { top: box.top, bottom: box.bottom, left: box.left, right: box.right },
      viewportWidth: window.innerWidth,
      barTop: bar.top,
      lastRowBottom: lastRow?.bottom ?? null,
    };
  });
}

function expectInView(where: Awaited<ReturnType<typeof layout>>, when: string) {
  expect(where.button.top, `the Generate button is above the frame's top ${when}`).toBeGreaterThanOrEqual(0);
  expect(where.button.bottom, `the Generate button is below the frame's bottom ${when}`).toBeLessThanOrEqual(where.viewportHeight);
  expect(where.button.left, `the Generate button starts off-screen ${when}`).toBeGreaterThanOrEqual(0);
  expect(where.button.right, `the Generate button ends off-screen ${when}`).toBeLessThanOrEqual(where.viewportWidth);
}

describe("The Generate page's primary action", () => {
  it("is a few Tab presses from the top and stays in view while the page scrolls", async () => {
    const { page } = browser;
    const app = await visit(page, "/app/generate");
    const rows = app.locator(".Polaris-ResourceItem__ListItem");
    await eventually(() => rows.count(), 25, {
      timeout: 20_000,
      what: "a full page of products is listed",
      diagnostics: () => sandbox.logTail(),
    }).catch(async (error: Error) => {
      throw new Error(`${error.message}\nThe page reads:\n${await app.locator("body").innerText()}`, { cause: error });
    });
    const chosen = firstProductsByTitle(sandbox, 3);
    await chooseProducts(app, chosen);
    await app.getByRole("region", { name: "Generate videos" }).getByText("3 products chosen", { exact: true }).waitFor();
    await browser.screenshot("chosen");

    // From the page's first control ("Make videos for"), by keyboard only.
    await app.getByRole("radio", { name: "Products I choose" }).focus();
    const presses = await tabsToGenerate(app, 120);
    expect(presses, `Tab presses from "Make videos for" to Generate (25 products listed)`).toBeLessThanOrEqual(MOST_TAB_PRESSES);

    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await app.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
      await expect.poll(async () => (await layout(app)).atBottom).toBe(true);
      const bottom = await layout(app);
      expect(bottom.pageHeight, "the page is long enough to scroll").toBeGreaterThan(bottom.viewportHeight * 1.5);
      expectInView(bottom, `at ${width} px, scrolled to the bottom`);
      expect(bottom.lastRowBottom, "the list's last row is listed").not.toBeNull();
      expect(bottom.lastRowBottom!, `at ${width} px the bar covers the list's last row`).toBeLessThanOrEqual(bottom.barTop);
      await browser.screenshot(`bottom-${width}`);

      await app.evaluate(() => window.scrollTo(0, 0));
      await expect.poll(async () => (await layout(app)).scrolledTo).toBe(0);
      expectInView(await layout(app), `at ${width} px, scrolled to the top`);
      await browser.screenshot(`top-${width}`);
    }

    // Pressed from the bar with the page at its end: the batch of the three products is made.
    await app.evaluate(() => window.scrollTo(0, document.scrollingElement!.scrollHeight));
    await app.getByRole("region", { name: "Generate videos" }).getByRole("button", { name: "Generate videos" }).click();
    await app.waitForURL(/\/app\/batches\/[^/?]+/, { timeout: 30_000 });
    await page.getByRole("heading", { name: / · 3 products · / }).waitFor();
    const batches = await sandbox.db.batch.findMany({ where: { shop: sandbox.shop }, include: { _count: { select: { jobs: true } } } });
    expect(batches.map((b) => b._count.jobs)).toEqual([3]);
    expectHealthyPages(browser);
  });
});
