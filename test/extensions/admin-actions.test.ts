// The three admin action extensions, as merchants use them: each production
// bundle runs in Chromium on Shopify's extension origin and talks to the app's
// real extension routes (real database, Redis, workers and provider
// simulator; the Admin API emulator serves the shop's catalog).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { USAGE_PLAN_CONFIG } from "~/billing/plans";
import type { FormOptionsData } from "~/extension-actions/api-types";
import { startPipelineHarness, type PipelineHarness } from "../support/pipeline-harness";
import { Catalog } from "../../dev/shopify-admin-emulator/catalog";
import { gid } from "../../dev/shopify-admin-emulator/ids";
import { startAdminEmulator, type AdminEmulator } from "../../dev/shopify-admin-emulator/server";
import {
  extensionRequest,
  offlineAccessToken,
  responseOf,
  seedOfflineSession,
  sessionToken,
  useShopifyTestApp,
} from "../support/shopify-requests";
import { changeField, fieldValue, openExtension, press, type OpenedExtension } from "./extension-host";

const SHOP = "extension-ui-shop.myshopify.com";
// The shop's store, as the Admin API emulator serves it on the real schema.
const catalog = new Catalog();
catalog.addShop({ domain: SHOP, accessToken: offlineAccessToken(SHOP) });
const product = (title: string, sku: string, withImage = true) => catalog.addProduct(SHOP, { title, sku, withImage }).id;
const MUG = product("Ceramic mug", "MUG-1");
const APRON = product("Linen apron", "APRON-1");
const GIFT_CARD = product("Gift card", "GIFT-1", false);
const TEAPOT = product("Teapot", "TEAPOT-1");
// No video has been asked for it before the billing test.
const LAMP = product("Brass lamp", "LAMP-1");
const KITCHEN = catalog.addCollection(SHOP, { title: "Kitchen", productIds: [MUG, GIFT_CARD, TEAPOT] }).id;

let emulator: AdminEmulator;
let h: PipelineHarness;
let form: FormOptionsData["form"];
const opened: OpenedExtension[] = [];

beforeAll(async () => {
  emulator = await startAdminEmulator({ catalog, seed: 6 });
  h = await startPipelineHarness({
    globalCap: 4,
    shops: [{ shop: SHOP, concurrencyCap: 4 }],
    adminEmulator: emulator,
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
  await emulator?.stop();
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
    const extension = await open("product-video-action", [gid("Product", MUG)]);
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
    const job = await h.t.db.videoJob.findFirstOrThrow({ where: { shop: SHOP, productId: gid("Product", MUG) } });
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
    const extension = await open("product-video-action", [gid("Product", MUG)], () => sessionToken(SHOP, { secret: "not-the-app-secret" }));
    const banner = extension.action.locator('s-banner[tone="critical"]');
    await expect.poll(() => banner.getAttribute("heading")).toBe("The product could not be loaded");
    expect(await banner.textContent()).toBe("Your session with Catalog Motion expired. Close this window and open it again.");
    await press(extension.action.locator('s-button[slot="secondary-actions"]'));
    expect(await extension.closeCount()).toBe(1);
    expect(extension.pageErrors).toEqual([]);
  });

  it("says a product without a photo cannot start a video", async () => {
    const extension = await open("product-video-action", [gid("Product", GIFT_CARD)]);
    const banner = extension.action.locator('s-banner[tone="warning"]');
    await expect.poll(() => banner.getAttribute("heading")).toBe("This product has no photo");
    expect(await extension.action.locator('s-button[slot="primary-action"]').count()).toBe(0);
    expectHealthy(extension);
  });
});

describe("Generate videos (product list selection)", () => {
  it("makes one batch of the selection, names the product it skipped and follows the batch", async () => {
    const extension = await open("bulk-video-action", [gid("Product", APRON), gid("Product", GIFT_CARD), gid("Product", TEAPOT)]);
    const { action } = extension;
    const prompt = action.locator('s-text-area[label="Prompt"]');
    await expect.poll(() => fieldValue(prompt)).toBe(form.defaults.prompt);
    expect(await action.textContent()).toContain("3 products selected");
    await expect.poll(() => action.locator('s-button[slot="primary-action"]').textContent()).toBe("Generate 3 videos");

    await changeField(prompt, "Soft daylight, slow dolly, selection", "input");
    await press(action.locator('s-button[slot="primary-action"]'));

    const skipped = action.locator('s-banner[heading="1 product skipped"]');
    // The answer comes after Shopify (the emulator) was asked for each product.
    await expect.poll(() => skipped.count(), { timeout: 15_000 }).toBe(1);
    expect(await skipped.textContent()).toContain("Gift card: ");
    await expect.poll(() => action.textContent(), { timeout: 15_000 }).toContain("2 videos on the way");
    const progress = action.locator("s-banner[tone]").filter({ hasText: "Cost so far" });
    await expect.poll(() => progress.getAttribute("heading"), { timeout: 30_000 }).toMatch(/^\d of 2 videos done$/);
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toContain("Waiting for your review: 2");
    expectHealthy(extension);
  });
});

describe("Generate videos for this collection", () => {
  it("counts the products, asks for confirmation, then makes the batch", async () => {
    const extension = await open("collection-video-action", [gid("Collection", KITCHEN)]);
    const { action } = extension;
    await expect.poll(() => action.textContent(), { timeout: 15_000 }).toContain("“Kitchen”: 3 products");
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

describe("Billing holds new videos", () => {
  it("once the free clips are used without an approved plan, the form and a refused request both lead to the billing page", async () => {
    const tried = await Promise.all(
      Array.from({ length: USAGE_PLAN_CONFIG.freeClips }, (_, i) =>
        h.t.db.usageCharge.create({
          data: { jobId: `tried-${i}`, shop: SHOP, amountCents: 60, description: "5-second product video", status: "free" },
        }),
      ),
    );
    try {
      const extension = await open("product-video-action", [gid("Product", LAMP)]);
      const { action } = extension;
      const notice = action.locator('s-banner[heading="Billing needs your approval"]');
      await expect.poll(() => notice.count(), { timeout: 15_000 }).toBe(1);
      expect(await notice.locator("s-link").getAttribute("href")).toBe("app:app/billing");

      const jobsBefore = await h.t.db.videoJob.count({ where: { shop: SHOP } });
      await press(action.locator('s-button[slot="primary-action"]'));
      const refused = action.locator('s-banner[tone="critical"]');
      await expect.poll(() => refused.count(), { timeout: 15_000 }).toBe(1);
      expect(await refused.textContent()).toContain("Approve the Catalog Motion plan");
      expect(await refused.locator("s-link").getAttribute("href")).toBe("app:app/billing");
      expect(await refused.locator("s-link").textContent()).toBe("Approve the plan");
      expect(await h.t.db.videoJob.count({ where: { shop: SHOP } })).toBe(jobsBefore);
      expect(extension.pageErrors).toEqual([]);
    } finally {
      await h.t.db.usageCharge.deleteMany({ where: { jobId: { in: tried.map((c) => c.jobId) } } });
    }
  });
});
