// Runs an admin action extension's production bundle (built as `shopify app
// build` builds it) in Chromium, in a page on Shopify's extension origin, with
// the part of Shopify's host the extensions use, as documented for 2026-07:
//   - `shopify.extend(target, fn)` runs the target's module,
//   - `shopify.data.selected` holds the resources the action was opened on,
//   - `shopify.close()` closes the modal,
//   - the global fetch resolves relative URLs against the app's app_url and
//     adds the ID token (the session token) as the Authorization header.
// The app's requests are answered by its real Remix route modules, in this
// process, so the extension talks to the real backend, database and queues.
// Polaris web components are not defined here: the elements stay plain
// elements whose attributes, text and events the tests read and drive.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { bundleExtension, readExtensionConfig } from "../../scripts/extension-bundle";
import { EXTENSION_ORIGIN, TEST_APP_URL, responseOf } from "../support/shopify-requests";
import { CHROMIUM, CHROMIUM_ARGS } from "../support/chromium";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

type Args = LoaderFunctionArgs & ActionFunctionArgs;
interface RouteModule {
  loader?: (args: Args) => Promise<Response>;
  action?: (args: Args) => Promise<Response>;
}

/** The app's extension endpoints, by URL pattern, as Remix's flat routes name them. */
export async function extensionRoutes(): Promise<{ pattern: RegExp; param?: string; module: RouteModule }[]> {
  return [
    { pattern: /^\/api\/extension\/form$/, module: await import("~/routes/api.extension.form") },
    {
      pattern: /^\/api\/extension\/products\/([^/]+)$/,
      param: "productId",
      module: await import("~/routes/api.extension.products.$productId"),
    },
    { pattern: /^\/api\/extension\/generate$/, module: await import("~/routes/api.extension.generate") },
    {
      pattern: /^\/api\/extension\/collections\/([^/]+)$/,
      param: "collectionId",
      module: await import("~/routes/api.extension.collections.$collectionId"),
    },
    { pattern: /^\/api\/extension\/collection-generate$/, module: await import("~/routes/api.extension.collection-generate") },
    { pattern: /^\/api\/extension\/jobs\/([^/]+)$/, param: "jobId", module: await import("~/routes/api.extension.jobs.$jobId") },
    { pattern: /^\/api\/extension\/batches\/([^/]+)$/, param: "batchId", module: await import("~/routes/api.extension.batches.$batchId") },
  ];
}

export interface OpenedExtension {
  page: Page;
  /** Uncaught exceptions and console.error lines in the page. */
  pageErrors: string[];
  consoleErrors: string[];
  /** The modal: the extension's <s-admin-action>. */
  action: Locator;
  /** Every path the extension fetched from the app, in order. */
  requests: string[];
  closeCount(): Promise<number>;
  close(): Promise<void>;
}

export async function openExtension(options: {
  handle: string;
  selected: string[];
  /** The ID token Shopify would attach to each request. */
  idToken: () => string;
}): Promise<OpenedExtension> {
  const config = readExtensionConfig(path.join(root, "extensions", options.handle));
  const built = await bundleExtension(config);
  const routes = await extensionRoutes();
  const requests: string[] = [];

  const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  // Headless Chromium calls itself HeadlessChrome, which the library turns away as a bot; a merchant's browser does not.
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
  const context = await browser.newContext({ userAgent, locale: "en-US", timezoneId: "UTC" });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  await page.route(`${EXTENSION_ORIGIN}/**`, (route) =>
    route.fulfill({
      status: 200,
      contentType: "text/html",
      body: "<!doctype html><html><head><title>Extension</title></head><body></body></html>",
    }),
  );
  await page.route(`${TEST_APP_URL}/**`, async (route) => {
    const sent = route.request();
    const url = new URL(sent.url());
    requests.push(`${sent.method()} ${url.pathname}`);
    const match = routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find(({ m }) => m);
    if (!match) return route.fulfill({ status: 404, body: "" });
    const headers = new Headers(Object.entries(await sent.allHeaders()).filter(([name]) => !name.startsWith(":")));
    const body = sent.postDataBuffer();
    const request = new Request(url, { method: sent.method(), headers, body: body ? new Uint8Array(body) : undefined });
    const params = match.r.param ? { [match.r.param]: decodeURIComponent(match.m![1]!) } : {};
    const handler = request.method === "GET" ? match.r.module.loader : match.r.module.action;
    if (!handler) return route.fulfill({ status: 405, body: "" });
    const response = await responseOf(() => handler({ request, params, context: {} } as Args));
    return route.fulfill({
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: Buffer.from(await response.arrayBuffer()),
    });
  });
  await page.exposeFunction("__idToken", options.idToken);
  await page.goto(`${EXTENSION_ORIGIN}/extension`);
  await page.evaluate(
    ({ selected, appUrl }) => {
      const w = window as unknown as Record<string, unknown> & { __idToken: () => Promise<string> };
      const appFetch = window.fetch.bind(window);
      w.__closed = 0;
      w.shopify = {
        data: { selected: selected.map((id) => ({ id })) },
        close: () => {
          (w.__closed as number)++;
        },
        extend: (_target: string, run: () => unknown) => run(),
      };
      window.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const headers = new Headers(init.headers);
        headers.set("Authorization", `Bearer ${await w.__idToken()}`);
        return appFetch(new URL(String(input), appUrl), { ...init, headers });
      };
    },
    { selected: options.selected, appUrl: TEST_APP_URL },
  );
  await page.addScriptTag({ type: "module", content: built.outputFiles[0]!.text });

  return {
    page,
    pageErrors,
    consoleErrors,
    action: page.locator("body > s-admin-action"),
    requests,
    closeCount: () => page.evaluate(() => (window as unknown as { __closed: number }).__closed),
    close: () => browser.close(),
  };
}

/** Sets a field's value and sends the event the Polaris element sends when the merchant changes it. */
export async function changeField(field: Locator, value: string, event: "input" | "change"): Promise<void> {
  await field.evaluate(
    (element, { value, event }) => {
      (element as unknown as { value: string }).value = value;
      element.dispatchEvent(new Event(event));
    },
    { value, event },
  );
}

export async function press(button: Locator): Promise<void> {
  await button.dispatchEvent("click");
}

/** A field's value as the extension last set it (a property once set by the page, an attribute before). */
export async function fieldValue(field: Locator): Promise<string | null> {
  return field.evaluate((element) => (element as unknown as { value?: string }).value ?? element.getAttribute("value"));
}
