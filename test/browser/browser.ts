// Chromium for the browser tests (playwright-core and Debian's Chromium, no
// download): a fresh profile per test file, a 1280x900 window, full-page
// screenshots of every step into test-results/screenshots/, and what the page
// logged (uncaught errors, console errors) for the test to check. Pages are
// opened as a merchant opens them: the emulated Shopify admin's page, with the
// app in its iframe (visit() answers the app's frame).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type BrowserContext, type Frame, type Locator, type Page, type Request } from "playwright-core";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const SCREENSHOT_DIR = path.join(root, "test-results", "screenshots");

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions in the page (a broken page), with the URL they happened on. */
  pageErrors: string[];
  /** console.error lines (hydration warnings, failed fetches). */
  consoleErrors: string[];
  /** Responses of 500 and above from the app itself. */
  serverErrors: string[];
  /** Requests that got a 4xx or no answer at all (any origin), with their URL. */
  failedRequests: string[];
  /** Saves a full-page screenshot as test-results/screenshots/<test>-<nn>-<step>.png and returns its path. */
  screenshot(step: string): Promise<string>;
  close(): Promise<void>;
}

/** The emulated admin's address of the app's root for the demo shop (admin.shopify.com/store/<store>/apps/<handle>). */
const ADMIN_APP_PATH = "/store/catalog-motion-demo/apps/catalog-motion";

/**
 * Chrome as a merchant runs it. Shopify's library refuses bots (410), and
 * headless Chromium says "HeadlessChrome" in its user agent; and Chromium
 * blocks third-party cookies and storage by default, which would deny the
 * app's iframe (another site than admin's) its sessionStorage.
 */
const MERCHANT_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36";
const ALLOW_THIRD_PARTY_STORAGE = { profile: { cookie_controls_mode: 0 } };

export async function openBrowser(test: string, sandbox: { origin: string; adminOrigin: string }): Promise<BrowserSession> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-chromium-"));
  fs.mkdirSync(path.join(profile, "Default"));
  fs.writeFileSync(path.join(profile, "Default", "Preferences"), JSON.stringify(ALLOW_THIRD_PARTY_STORAGE));
  const origin = sandbox.origin;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    baseURL: sandbox.adminOrigin,
    userAgent: MERCHANT_USER_AGENT,
    locale: "en-US",
    timezoneId: "UTC",
  });
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  const serverErrors: string[] = [];
  const failedRequests: string[] = [];
  // The browser cancels (net::ERR_ABORTED) what a document still had in flight
  // when it is left: a top-level redirect to Shopify's approval page, a link
  // followed. That is not a failed request; one cancelled while its document
  // stays is. Each frame's navigations are counted to tell the two apart.
  const navigations = new WeakMap<Frame, number>();
  const startedDuring = new WeakMap<Request, number>();
  page.on("framenavigated", (frame) => navigations.set(frame, (navigations.get(frame) ?? 0) + 1));
  // A service worker's request has no frame (Playwright throws); it is never a document's.
  const frameOf = (request: Request): Frame | null => {
    try {
      return request.frame();
    } catch {
      return null;
    }
  };
  page.on("request", (request) => {
    const frame = frameOf(request);
    if (frame) startedDuring.set(request, navigations.get(frame) ?? 0);
  });
  page.on("requestfailed", (request) => {
    const error = request.failure()?.errorText ?? "failed";
    const line = `${error} ${request.method()} ${request.url()}`;
    if (error !== "net::ERR_ABORTED") return void failedRequests.push(line);
    // The cancellation may be reported just before the navigation that caused
    // it, so the verdict waits a moment for that navigation to show.
    setTimeout(() => {
      const frame = frameOf(request);
      const documentLeft = !!frame && (frame.isDetached() || (navigations.get(frame) ?? 0) !== startedDuring.get(request));
      if (!documentLeft) failedRequests.push(line);
    }, 1_000);
  });
  page.on("pageerror", (error) => pageErrors.push(`${page.url()}: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on("response", (response) => {
    if (response.status() >= 500 && response.url().startsWith(origin))
      serverErrors.push(`${response.status()} ${response.request().method()} ${response.url()}`);
    else if (response.status() >= 400) failedRequests.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });

  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const old of fs.readdirSync(SCREENSHOT_DIR)) {
    if (old.startsWith(`${test}-`) && old.endsWith(".png")) fs.rmSync(path.join(SCREENSHOT_DIR, old));
  }
  let shots = 0;

  return {
    context,
    page,
    pageErrors,
    consoleErrors,
    serverErrors,
    failedRequests,
    async screenshot(step) {
      shots += 1;
      const file = path.join(SCREENSHOT_DIR, `${test}-${String(shots).padStart(2, "0")}-${step}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
      return file;
    },
    async close() {
      await context.close().catch(() => {});
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Marks the current document; `stillSameDocument` is false once the page was reloaded or left. */
export async function markDocument(page: Page | Frame): Promise<() => Promise<boolean>> {
  const token = `doc-${Date.now()}-${Math.random()}`;
  await page.evaluate((t) => {
    (window as unknown as { __browserTestDocument?: string }).__browserTestDocument = t;
  }, token);
  return async () => page.evaluate((t) => (window as unknown as { __browserTestDocument?: string }).__browserTestDocument === t, token);
}

/** The table row (IndexTable) of one product on the batch page. */
export function jobRow(page: Page | Frame, productTitle: string): Locator {
  return page.getByRole("row").filter({ has: page.getByText(productTitle, { exact: true }) });
}

/** Waits until the app has hydrated (Remix's client router is running), so clicks are handled by React. */
export async function waitForHydration(page: Page | Frame): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __remixRouter?: { state?: { initialized?: boolean } } };
      return Boolean(w.__remixRouter?.state?.initialized);
    },
    undefined,
    { timeout: 20_000 },
  );
}

/** The app's iframe in the emulated admin page. */
export async function appFrame(page: Page): Promise<Frame> {
  const frame = await (await page.waitForSelector('iframe[name="app-iframe"]', { state: "attached" })).contentFrame();
  if (!frame) throw new Error("The admin page has no app frame");
  return frame;
}

/** Opens one of the app's pages (e.g. "/app/settings") inside the emulated admin, and answers the app's frame once it is interactive. */
export async function visit(page: Page, appPath: string): Promise<Frame> {
  await page.goto(`${ADMIN_APP_PATH}${appPath}`, { waitUntil: "load" });
  const app = await appFrame(page);
  await waitForHydration(app);
  return app;
}
