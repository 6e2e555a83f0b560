// What the browser tests do on more than one page: choosing products on the
// Generate page, and checking that no page broke along the way.
import { expect } from "vitest";
import type { Frame } from "playwright-core";
import type { BrowserSession } from "./browser";
import type { DemoProduct, TestSandbox } from "./sandbox-for-tests";

/**
 * The first products of the demo shop in the Generate page's order (by title),
 * with titles no other product shares, so a row can be found by its title.
 */
export function firstProductsByTitle(sandbox: TestSandbox, count: number, skip = 0): DemoProduct[] {
  const all = sandbox.products();
  const titleCount = new Map<string, number>();
  for (const p of all) titleCount.set(p.title, (titleCount.get(p.title) ?? 0) + 1);
  const unique = all.filter((p) => titleCount.get(p.title) === 1 && p.imageUrl !== "").sort((a, b) => a.title.localeCompare(b.title));
  const chosen = unique.slice(skip, skip + count);
  if (chosen.length < count) throw new Error(`The demo shop has only ${unique.length} products with unique titles`);
  return chosen;
}

/** Ticks products in the Generate page's product list (they must be on the page shown). */
export async function chooseProducts(app: Frame, products: DemoProduct[]): Promise<void> {
  for (const product of products) {
    const checkbox = app.getByRole("checkbox", { name: product.title, exact: true });
    await checkbox.check();
    await expect.poll(() => checkbox.isChecked()).toBe(true);
  }
}

/** No uncaught error in any page, and no 5xx from the app, during the test. */
export function expectHealthyPages(browser: BrowserSession): void {
  // console.error lines are shown, not failed on: the browser also logs resources it could not load offline.
  if (browser.consoleErrors.length > 0) console.log(`console errors in the page:\n  ${browser.consoleErrors.join("\n  ")}`);
  if (browser.failedRequests.length > 0) console.log(`requests that failed:\n  ${[...new Set(browser.failedRequests)].join("\n  ")}`);
  expect(browser.pageErrors, "uncaught errors in the page").toEqual([]);
  expect(browser.serverErrors, "5xx answers from the app").toEqual([]);
}

/**
 * expect.poll with the app's logs in the failure message: waits until `probe`
 * returns `expected` (re-running it every `interval` ms), or fails after `timeout`.
 */
export async function eventually<T>(
  probe: () => Promise<T> | T,
  expected: T,
  options: { timeout: number; interval?: number; what: string; diagnostics?: () => string },
): Promise<void> {
  try {
    await expect.poll(probe, { timeout: options.timeout, interval: options.interval ?? 500, message: options.what }).toEqual(expected);
  } catch (error) {
    if (!options.diagnostics) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n${options.diagnostics()}`, { cause: error });
  }
}
