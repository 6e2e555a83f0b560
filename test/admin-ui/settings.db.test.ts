// /app/settings: saving encrypts the provider key and never sends it back;
// every bad field gets its own message and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptSecret } from "~/security/secret-box.server";
import { call, loaderData, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";

let h: AdminRoutes;
let route: typeof import("~/routes/app.settings");

const KEY = "ca_live_0123456789abcdefWXYZ";

const valid = {
  provider: "creativeai",
  apiKey: "",
  removeKey: "false",
  defaultModel: "seedance-1.5-pro",
  defaultDuration: "10",
  defaultAspectRatio: "9:16",
  autoPublish: "false",
  replacePreviousClip: "true",
  putFirst: "true",
  concurrencyCap: "12",
  monthlyCreditBudget: "2500",
  "template:product-page": "Hero shot, slow push",
  "template:product-page-square": "Square reveal, gentle turn",
  "template:social": "Vertical moment, lifestyle light",
};

beforeAll(async () => {
  h = await startAdminRoutes();
  route = await import("~/routes/app.settings");
});
afterAll(async () => {
  await h.stop();
});

const save = (fields: Record<string, string>) => call(route.action, postForm("/app/settings", fields));
const stored = () => h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });

describe("saving settings", () => {
  it("stores the key encrypted with its hint, and never puts the key in an answer", async () => {
    const response = await save({ ...valid, apiKey: KEY });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toEqual({ ok: true, message: "Settings saved." });
    expect(body).not.toContain(KEY);

    const row = await stored();
    expect(row.providerApiKey).not.toContain(KEY);
    expect(decryptSecret(row.providerApiKey!)).toBe(KEY);
    expect(row).toMatchObject({
      providerKeyHint: "••••WXYZ",
      defaultModel: "seedance-1.5-pro",
      defaultDuration: 10,
      defaultAspectRatio: "9:16",
      autoPublish: false,
      replacePreviousClip: true,
      putFirst: true,
      concurrencyCap: 12,
      monthlyCreditBudget: 2500,
    });
    expect(JSON.parse(row.promptTemplates)).toEqual({
      "product-page": "Hero shot, slow push",
      "product-page-square": "Square reveal, gentle turn",
      social: "Vertical moment, lifestyle light",
    });

    const page = await call(route.loader, new Request("http://localhost/app/settings"));
    const text = await page.text();
    expect(text).not.toContain(KEY);
    expect(text).not.toContain(row.providerApiKey!);
    expect(JSON.parse(text).settings).toMatchObject({ keyHint: "••••WXYZ", concurrencyCap: 12 });
  });

  it("keeps the saved key when the field is left empty, and removes it when asked", async () => {
    await save({ ...valid, apiKey: KEY });
    await save({ ...valid, monthlyCreditBudget: "3000" });
    expect(decryptSecret((await stored()).providerApiKey!)).toBe(KEY);
    await save({ ...valid, removeKey: "true" });
    expect(await stored()).toMatchObject({ providerApiKey: null, providerKeyHint: null });
  });

  it("drops the key when the provider changes without a new one: it belongs to the old provider", async () => {
    await save({ ...valid, apiKey: KEY });
    const response = await save({ ...valid, provider: "json2video", defaultModel: "zoom-in" });
    expect(await response.json()).toMatchObject({ ok: true, message: expect.stringContaining("previous provider") });
    expect(await stored()).toMatchObject({ provider: "json2video", providerApiKey: null, providerKeyHint: null, defaultModel: "zoom-in" });
  });

  it("marks every bad field and saves nothing", async () => {
    await save(valid);
    const before = await stored();
    const response = await save({
      ...valid,
      provider: "creativeai",
      apiKey: "short",
      defaultModel: "zoom-in",
      defaultDuration: "7",
      defaultAspectRatio: "4:3",
      concurrencyCap: "51",
      monthlyCreditBudget: "-1",
      "template:social": "",
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, string> };
    expect(Object.keys(body.errors).sort()).toEqual(
      [
        "apiKey",
        "concurrencyCap",
        "defaultAspectRatio",
        "defaultDuration",
        "defaultModel",
        "monthlyCreditBudget",
        "template:social",
      ].sort(),
    );
    expect(body.errors.concurrencyCap).toBe("The number of videos at once can be at most 50");
    expect(await stored()).toEqual(before);
  });

  it("refuses a concurrency cap below 1 or not a whole number", async () => {
    for (const cap of ["0", "2.5", "lots"]) {
      const response = await save({ ...valid, concurrencyCap: cap });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Record<string, string> }).errors.concurrencyCap).toBeTruthy();
    }
  });

  it("shows the shop's settings, with the default templates until the merchant writes their own", async () => {
    await h.t.db.shopSettings.update({ where: { shop: SHOP }, data: { promptTemplates: "{}" } });
    const data = await loaderData<{
      settings: { templates: { id: string; template: string }[]; modelsByProvider: Record<string, unknown[]> };
    }>(route.loader, "/app/settings");
    expect(data.settings.templates.map((t) => t.id)).toEqual(["product-page", "product-page-square", "social"]);
    expect(data.settings.templates[0].template).toMatch(/hero shot/i);
    expect(Object.keys(data.settings.modelsByProvider)).toEqual(["creativeai", "json2video"]);
  });
});
