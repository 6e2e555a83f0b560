// The three admin action extensions, as merchants use them: each production
// bundle runs in Chromium on Shopify's extension origin and talks to the app's
// real extension routes (real database, Redis, workers and provider
// simulator; the shop's catalog stands in for Shopify's Admin API).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { FormOptionsData } from "~/extension-actions/api-types";
import { startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { inMemoryAdmin, type CatalogProduct } from "../support/in-memory-admin";
import { extensionRequest, responseOf, seedOfflineSession, sessionToken, useShopifyTestApp } from "../support/shopify-requests";
import { changeField, fieldValue, openExtension, press, type OpenedExtension } from "./extension-host";

const SHOP = "extension-ui-shop.myshopify.com";
const photo = (n: number) => ({ type: "IMAGE" as const, url: `https://cdn.shopify.com/s/files/${n}.jpg` });
const products: CatalogProduct[] = [
  { id: 101, title: "Ceramic mug", media: [photo(101)] },
  { id: 102, title: "Linen apron", media: [photo(102)] },
  { id: 103, title: "Gift card", media: [] },
  { id: 104, title: "Teapot", media: [photo(104)] },
];
const admin = inMemoryAdmin({ products, collections: [{ id: 501, title: "Kitchen", productIds: [101, 103, 104] }] });

let h: PipelineHarness;
let form: FormOptionsData["form"];
const opened: OpenedExtension[] = [];

beforeAll(async () => {
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [{ shop: SHOP, concurrencyCap: 4 }],
    adminFor: async (shop) => (shop === SHOP ? admin : null),
  });
  useShopifyTestApp(h.t.db, h.ctx);
  await seedOfflineSession(h.t.db, SHOP);
  await h.startWorkers();
  const formRoute = await import("~/routes/api.extension.form");
  const response = await responseOf(() =>
    formRoute.loader({ request: extensionRequest("/api/extension/form", { token: sessionToken(SHOP) }), params: {}, context: {} } as never),
  );
  form = ((await response.json()) as FormOptionsData).form;
});

afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
});

afterAll(async () => {
  await h?.stop();
});

async function open(handle: string, selected: string[], idToken = () => sessionToken(SHOP)): Promise<OpenedExtension> {
  const extension = await openExtension({ handle, selected, idToken });
  opened.push(extension);
  return extension;
}

function expectHealthy(extension: OpenedExtension) {
  expect(extension.pageErrors).toEqual([]);
  expect(extension.consoleErrors).toEqual([]);
}

const credits = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "credit" : "credits"}`;

describe("Generate video (product page)", () => {
  it("prefills the form, follows the shape's template, prices it, and follows the job once requested", async () => {
    const extension = await open("product-video-action", ["gid://shopify/Product/101"]);
    const { action } = extension;
    const prompt = action.locator('s-text-area[label="Prompt"]');
    const submit = action.locator('s-button[slot="primary-action"]');

    await expect.poll(() => fieldValue(prompt)).toBe(form.promptByAspectRatio["16:9"]);
    await expect.poll(() => action.getAttribute("heading")).toBe("Generate video");
    expect(await action.locator('s-select[label="Model"] s-option').allTextContents()).toEqual(form.models.map((m) => m.label));
    expect(await action.locator('s-select[label="Length"] s-option').allTextContents()).toEqual(form.durations.map((d) => `${d} seconds`));
    const perVideo = form.creditsPerVideo[form.defaults.model]![String(form.defaults.duration)]!;
    await expect.poll(() => action.textContent()).toContain(`Estimated cost: ${credits(perVideo)}`);

    await changeField(action.locator('s-select[label="Shape"]'), "9:16", "change");
    await expect.poll(() => fieldValue(prompt)).toBe(form.promptByAspectRatio["9:16"]);

    await changeField(prompt, "ab", "input");
    await expect.poll(() => prompt.getAttribute("error")).toBe("Write a prompt of at least 3 characters");
    expect(await submit.getAttribute("disabled")).not.toBeNull();

    await changeField(prompt, "Slow turntable on warm oak, product page", "input");
    await expect.poll(() => prompt.getAttribute("error")).toBeNull();
    expect(await submit.getAttribute("disabled")).toBeNull();
    await press(submit);

    await expect.poll(() => action.textContent()).toContain(`1 video on the way (about ${credits(perVideo)}).`);
    const job = await h.t.db.videoJob.findFirstOrThrow({ where: { shop: SHOP, productId: "gid://shopify/Product/101" } });
    expect(job).toMatchObject({ prompt: "Slow turntable on warm oak, product page", aspectRatio: "9:16" });

    // The provider simulator renders in well under a second; the next poll shows where the job is now.
    const status = action.locator("s-banner").first();
    await expect.poll(() => status.getAttribute("heading"), { timeout: 30_000 }).toBe("Waiting for your review");
    // A clip waiting for review is not final, so the extension keeps asking.
    const polls = () => extension.requests.filter((r) => r === `GET /api/extension/jobs/${job.id}`).length;
    await expect.poll(polls, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);

    await press(action.locator('s-button[slot="primary-action"]'));
    expect(await extension.closeCount()).toBe(1);
    expectHealthy(extension);
  });

  it("tells the merchant the session expired when Shopify's token is refused", async () => {
    const extension = await open("product-video-action", ["gid://shopify/Product/101"], () =>
      sessionToken(SHOP, { secret: "not-the-app-secret" }),
    );
    const banner = extension.action.locator('s-banner[tone="critical"]');
    await expect.poll(() => banner.getAttribute("heading")).toBe("The product could not be loaded");
    expect(await banner.textContent()).toBe("Your session with Catalog Motion expired. Close this window and open it again.");
    await press(extension.action.locator('s-button[slot="secondary-actions"]'));
    expect(await extension.closeCount()).toBe(1);
    expect(extension.pageErrors).toEqual([]);
  });

  it("says a product without a photo cannot start a video", async () => {
    const extension = await open("product-video-action", ["gid://shopify/Product/103"]);
    const banner = extension.action.locator('s-banner[tone="warning"]');
    await expect.poll(() => banner.getAttribute("heading")).toBe("This product has no photo");
    expect(await extension.action.locator('s-button[slot="primary-action"]').count()).toBe(0);
    expectHealthy(extension);
  });
});

describe("Generate videos (product list selection)", () => {
  it("makes one batch of the selection, names the product it skipped and follows the batch", async () => {
    const extension = await open("bulk-video-action", [
      "gid://shopify/Product/102",
      "gid://shopify/Product/103",
      "gid://shopify/Product/104",
    ]);
    const { action } = extension;
    const prompt = action.locator('s-text-area[label="Prompt"]');
    await expect.poll(() => fieldValue(prompt)).toBe(form.defaults.prompt);
    expect(await action.textContent()).toContain("3 products selected");
    await expect.poll(() => action.locator('s-button[slot="primary-action"]').textContent()).toBe("Generate 3 videos");

    await changeField(prompt, "Soft daylight, slow dolly, selection", "input");
    await press(action.locator('s-button[slot="primary-action"]'));

    const skipped = action.locator('s-banner[heading="1 product skipped"]');
    await expect.poll(() => skipped.count()).toBe(1);
    expect(await skipped.textContent()).toContain("Gift card: ");
    await expect.poll(() => action.textContent()).toContain("2 videos on the way");
    const progress = action.locator("s-banner[tone]").filter({ hasText: "Cost so far" });
    await expect.poll(() => progress.getAttribute("heading"), { timeout: 30_000 }).toMatch(/^\d of 2 videos done$/);
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toContain("Waiting for your review: 2");
    expectHealthy(extension);
  });
});

describe("Generate videos for this collection", () => {
  it("counts the products, asks for confirmation, then makes the batch", async () => {
    const extension = await open("collection-video-action", ["gid://shopify/Collection/501"]);
    const { action } = extension;
    await expect.poll(() => action.textContent()).toContain("“Kitchen”: 3 products");
    await changeField(action.locator('s-text-area[label="Prompt"]'), "Kitchen shelf, morning light, collection", "input");

    await press(action.locator('s-button[slot="primary-action"]'));
    const confirm = action.locator('s-button[slot="primary-action"]');
    await expect.poll(() => confirm.textContent()).toBe("Confirm 3 videos");
    const perVideo = form.creditsPerVideo[form.defaults.model]![String(form.defaults.duration)]!;
    expect(await action.textContent()).toContain(`Make 3 videos for “Kitchen”, for about ${credits(3 * perVideo)}?`);

    await press(action.locator('s-button[slot="secondary-actions"]'));
    await expect.poll(() => confirm.textContent()).toBe("Review");
    await press(confirm);
    await expect.poll(() => confirm.textContent()).toBe("Confirm 3 videos");
    await press(confirm);

    await expect.poll(() => action.textContent(), { timeout: 30_000 }).toContain("2 videos on the way");
    const batch = await h.t.db.batch.findFirstOrThrow({ where: { shop: SHOP, source: "collection" } });
    expect(batch.jobCount).toBe(2);
    await expect.poll(() => extension.requests).toContain(`GET /api/extension/batches/${batch.id}`);
    expectHealthy(extension);
  });
});
