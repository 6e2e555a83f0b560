// /app/settings: saving encrypts the provider key and never sends it back; a
// new key is tried against the provider (the simulator) first and a wrong one
// is refused; every bad field gets its own message and nothing is saved.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProviderSimulator, type ProviderSimulator } from "../../dev/video-provider-simulator/server";
import { decryptSecret } from "~/security/secret-box.server";
import { makeBatch, makeJob } from "../support/factories";
import { call, loaderData, postForm, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";

let h: AdminRoutes;
let simulator: ProviderSimulator;
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
  simulator = await startProviderSimulator({ apiKey: KEY, seed: 5 });
  h.ctx.providerBaseUrls = { creativeai: simulator.url, json2video: simulator.url };
  route = await import("~/routes/app.settings");
});
afterAll(async () => {
  await h.stop();
  await simulator?.stop();
});

const save = (fields: Record<string, string>) => call(route.action, postForm("/app/settings", fields));
const stored = () => h.t.db.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });

describe("saving settings", () => {
  it("saves the honest alt text option and the fidelity threshold, and refuses a threshold out of range", async () => {
    const saved = await save({ ...valid, aiAltText: "false", fidelityPercent: "75" });
    expect(saved.status).toBe(200);
    expect(await stored()).toMatchObject({ aiAltText: false, fidelityThreshold: 0.75 });
    const page = JSON.parse(await (await call(route.loader, new Request("http://localhost/app/settings"))).text());
    expect(page.settings).toMatchObject({ aiAltText: false, fidelityPercent: 75 });

    const refused = await save({ ...valid, aiAltText: "true", fidelityPercent: "140" });
    expect(JSON.parse(await refused.text())).toMatchObject({
      ok: false,
      errors: { fidelityPercent: "The likeness needed to publish can be at most 100" },
    });
    expect(await stored()).toMatchObject({ aiAltText: false, fidelityThreshold: 0.75 });
    await save({ ...valid, aiAltText: "true", fidelityPercent: "60" });
  });

  it("stores the key encrypted with its hint, and never puts the key in an answer", async () => {
    const response = await save({ ...valid, apiKey: KEY });
    const body = await response.text();
    expect(response.status).toBe(200);
    expect(JSON.parse(body)).toEqual({ ok: true, message: "Settings saved.", connected: "Connected to CreativeAI: the key works." });
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

  it("refuses a key the provider does not accept, says why, and keeps what was saved", async () => {
    await save({ ...valid, apiKey: KEY });
    const before = await stored();
    const refusedBefore = simulator.state.counters.rejectedUnauthorized;
    const response = await save({ ...valid, apiKey: "ca_live_wrong_key_0000", monthlyCreditBudget: "9" });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { ok: boolean; errors: Record<string, string>; keyDetails: string };
    expect(body.ok).toBe(false);
    expect(body.errors.apiKey).toMatch(/did not accept this key/);
    expect(body.errors.apiKey).not.toMatch(/HTTP|401/);
    expect(body.keyDetails).toMatch(/^HTTP 401/);
    expect(JSON.stringify(body)).not.toContain("ca_live_wrong_key_0000");
    expect(simulator.state.counters.rejectedUnauthorized).toBe(refusedBefore + 1);
    expect(await stored()).toEqual(before);
  });

  it("says the provider could not be reached, rather than that the key is wrong, and saves nothing", async () => {
    const before = await stored();
    h.ctx.providerBaseUrls = { creativeai: "http://127.0.0.1:9" };
    try {
      const response = await save({ ...valid, apiKey: KEY });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Record<string, string> }).errors.apiKey).toMatch(/could not reach/);
    } finally {
      h.ctx.providerBaseUrls = { creativeai: simulator.url, json2video: simulator.url };
    }
    expect(await stored()).toEqual(before);
  });

  it("sends the videos paused for the budget once the budget is raised", async () => {
    const batch = await makeBatch(h.t.db, SHOP, { title: "Paused" });
    for (let i = 0; i < 2; i++) {
      const job = await makeJob(h.t.db, { shop: SHOP, batchId: batch.id, status: "paused" });
      await h.t.db.videoJob.update({ where: { id: job.id }, data: { pausedReason: "budget" } });
    }
    const response = await save({ ...valid, monthlyCreditBudget: "5000" });
    expect(await response.json()).toMatchObject({ ok: true, message: "Settings saved. 2 paused videos will be sent now." });
    expect(await h.t.db.videoJob.count({ where: { batchId: batch.id, status: "queued" } })).toBe(2);
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
