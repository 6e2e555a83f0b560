// The app as Shopify admin holds it, in the emulated admin: the title bar and
// nav menu the app asks for are shown around its frame, the admin's address
// follows the app's page, every request the app makes to itself carries a
// session token, a page opened without one goes through the library's bounce
// page and comes back with one, and the save bar and toasts App Bridge offers
// are shown by the admin.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Request as BrowserRequest } from "playwright-core";
import { openBrowser, visit, waitForHydration, type BrowserSession } from "./browser";
import { startSandboxForTests, type TestSandbox } from "./sandbox-for-tests";
import { expectHealthyPages } from "./steps";

let sandbox: TestSandbox;
let browser: BrowserSession;

beforeAll(async () => {
  sandbox = await startSandboxForTests({ faults: { failRate: 0 } });
  browser = await openBrowser("admin-frame", sandbox);
});

afterEach(async ({ task }) => {
  if (task.result?.state === "fail") await browser?.screenshot("failure").catch(() => {});
});

afterAll(async () => {
  await browser?.close();
  await sandbox?.stop();
});

describe("the app inside the emulated Shopify admin", () => {
  it("shows the app's title bar and nav menu around its frame, and the admin's address follows the app", async () => {
    const { page } = browser;
    const app = await visit(page, "/app/settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    const nav = page.getByRole("navigation", { name: "Catalog Motion" });
    expect(await nav.getByRole("link").allTextContents()).toEqual([
      "Catalog Motion",
      "Generate",
      "Batches",
      "Import",
      "Review",
      "Settings",
      "Billing",
    ]);
    expect(await nav.getByRole("link", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
    await browser.screenshot("settings-in-admin");

    // The title bar's breadcrumb is the app's own link: clicking it navigates the app.
    await page.locator("#title-bar").getByRole("button", { name: "Home" }).click();
    await app.waitForURL((url) => url.pathname === "/app");
    await page.waitForURL((url) => url.pathname === "/store/catalog-motion-demo/apps/catalog-motion/app");
    expect(await nav.getByRole("link", { name: "Catalog Motion" }).getAttribute("aria-current")).toBe("page");

    await nav.getByRole("link", { name: "Generate" }).click();
    await page.getByRole("heading", { name: "Generate videos", level: 1 }).waitFor();
    expect(new URL(app.url()).pathname).toBe("/app/generate");
    expectHealthyPages(browser);
  });

  it("sends a session token with every request the app makes to itself", async () => {
    const { page } = browser;
    const toTheApp: BrowserRequest[] = [];
    const record = (request: BrowserRequest) => {
      if (request.url().startsWith(sandbox.origin) && request.resourceType() === "fetch") toTheApp.push(request);
    };
    page.on("request", record);
    try {
      await visit(page, "/app");
      const nav = page.getByRole("navigation", { name: "Catalog Motion" });
      await nav.getByRole("link", { name: "Review" }).click();
      await page.getByRole("heading", { name: "Review clips", level: 1 }).waitFor();
      await nav.getByRole("link", { name: "Import" }).click();
      await page.getByRole("heading", { name: "Import CSV", level: 1 }).waitFor();
    } finally {
      page.off("request", record);
    }
    const dataRequests = toTheApp.filter((r) => new URL(r.url()).searchParams.has("_data"));
    expect(dataRequests.length, "Remix's data requests for the two pages").toBeGreaterThanOrEqual(2);
    for (const request of toTheApp) {
      const authorization = (await request.allHeaders()).authorization ?? "";
      expect(authorization, request.url()).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    }
  });

  it("a page opened without a session token goes through the bounce page and comes back with a fresh one", async () => {
    const { page } = browser;
    const app = await visit(page, "/app");
    const seen: string[] = [];
    page.on("framenavigated", (frame) => {
      if (frame === app) seen.push(frame.url());
    });
    const host = Buffer.from("admin.shopify.com/store/catalog-motion-demo").toString("base64");
    await app.goto(`${sandbox.origin}/app/review?${new URLSearchParams({ embedded: "1", shop: sandbox.shop, host })}`);
    await app.waitForURL((url) => url.pathname === "/app/review" && url.searchParams.has("id_token"));
    await waitForHydration(app);
    await page.getByRole("heading", { name: "Review clips", level: 1 }).waitFor();
    expect(
      seen.some((url) => new URL(url).pathname === "/auth/session-token"),
      `the frame went ${seen.join(" → ")}`,
    ).toBe(true);
    expectHealthyPages(browser);
  });

  it("shows the app's title-bar buttons and save bar, and a click there acts on the app's own buttons", async () => {
    const { page } = browser;
    const app = await visit(page, "/app");
    // What @shopify/app-bridge-react's TitleBar and SaveBar render, added as a page of the app would.
    await app.evaluate(() => {
      const clicked = ((window as unknown as { clicked: string[] }).clicked = [] as string[]);
      const button = (label: string, primary: boolean) => {
        const element = document.createElement("button");
        element.textContent = label;
        if (primary) element.setAttribute("variant", "primary");
        element.addEventListener("click", () => clicked.push(label));
        return element;
      };
      document.querySelector("ui-title-bar")!.append(button("Generate videos", true));
      const saveBar = document.createElement("ui-save-bar");
      saveBar.id = "settings-save-bar";
      saveBar.append(button("Save", true), button("Discard", false));
      document.body.append(saveBar);
      void (window as unknown as { shopify: { saveBar: { show(id: string): Promise<void> } } }).shopify.saveBar.show("settings-save-bar");
    });
    const clicked = () => app.evaluate(() => (window as unknown as { clicked: string[] }).clicked);

    await page.locator("#title-bar").getByRole("button", { name: "Generate videos" }).click();
    await expect.poll(clicked).toEqual(["Generate videos"]);
    const saveBar = page.getByRole("region", { name: "Contextual save bar" });
    await saveBar.getByRole("button", { name: "Save" }).click();
    await saveBar.getByRole("button", { name: "Discard" }).click();
    await expect.poll(clicked).toEqual(["Generate videos", "Save", "Discard"]);
    await browser.screenshot("save-bar");

    await app.evaluate(() =>
      (window as unknown as { shopify: { saveBar: { hide(id: string): Promise<void> } } }).shopify.saveBar.hide("settings-save-bar"),
    );
    await expect.poll(() => saveBar.isVisible()).toBe(false);
  });

  it("shows the toasts the app asks App Bridge for", async () => {
    const { page } = browser;
    const app = await visit(page, "/app");
    await app.evaluate(() =>
      (window as unknown as { shopify: { toast: { show(message: string, options?: object): string } } }).shopify.toast.show(
        "Three clips approved",
        { duration: 10_000 },
      ),
    );
    await page.getByRole("status").getByText("Three clips approved", { exact: true }).waitFor();
    await browser.screenshot("toast");
  });
});
