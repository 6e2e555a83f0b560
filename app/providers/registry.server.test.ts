// The registry hands out the right adapter and profile, and what it offers the
// merchant is what the adapters accept and price.
import { describe, expect, it } from "vitest";
import { CREATIVEAI_CREDITS_PER_5_SECONDS, CREATIVEAI_MODELS, CreativeAiProvider } from "./creativeai.server";
import { JSON2VIDEO_MOTIONS, Json2VideoProvider } from "./json2video.server";
import { isProviderName, MODELS, profileOf, PROVIDER_NAMES, videoProviderFor } from "./registry.server";

const credentials = { apiKey: "key" };

describe("videoProviderFor", () => {
  it("builds the adapter for each provider name", () => {
    expect(videoProviderFor("creativeai", credentials)).toBeInstanceOf(CreativeAiProvider);
    expect(videoProviderFor("json2video", credentials)).toBeInstanceOf(Json2VideoProvider);
    for (const name of PROVIDER_NAMES) {
      expect(videoProviderFor(name, credentials).profile).toBe(profileOf(name));
      expect(profileOf(name).name).toBe(name);
    }
  });

  it("recognises provider names", () => {
    expect(PROVIDER_NAMES.every(isProviderName)).toBe(true);
    expect(isProviderName("runway")).toBe(false);
  });
});

describe("MODELS", () => {
  it("offers exactly the models each adapter knows", () => {
    expect(MODELS.creativeai.map((m) => m.id)).toEqual([...CREATIVEAI_MODELS]);
    expect(MODELS.json2video.map((m) => m.id)).toEqual(Object.keys(JSON2VIDEO_MOTIONS));
    for (const name of PROVIDER_NAMES) expect(MODELS[name].every((m) => m.label.length > 0)).toBe(true);
  });
});

describe("estimateCredits", () => {
  // Prices need no account: the profile is asked, not an adapter with a key.
  const creativeAi = profileOf("creativeai");
  const json2video = profileOf("json2video");

  it("prices CreativeAI per started 5 seconds from its table", () => {
    expect(creativeAi.estimateCredits({ model: "kling-v3", duration: 5 })).toBe(3);
    expect(creativeAi.estimateCredits({ model: "kling-v3", duration: 10 })).toBe(6);
    expect(creativeAi.estimateCredits({ model: "seedance-1.5-pro", duration: 6 })).toBe(4);
    expect(creativeAi.estimateCredits({ model: "auto", duration: 5 })).toBe(CREATIVEAI_CREDITS_PER_5_SECONDS.auto);
    expect(creativeAi.estimateCredits({ model: "kling-v3", duration: 0 })).toBe(3);
  });

  it("prices an unknown CreativeAI model at the dearest rate, never below the bill", () => {
    expect(creativeAi.estimateCredits({ model: "kling-v9", duration: 5 })).toBe(3);
  });

  it("prices JSON2Video per started second", () => {
    expect(json2video.estimateCredits({ model: "zoom-in", duration: 6 })).toBe(6);
    expect(json2video.estimateCredits({ model: "pan-left", duration: 4.2 })).toBe(5);
  });
});

describe("callbacks, as each profile describes them", () => {
  const creativeAi = profileOf("creativeai");
  const json2video = profileOf("json2video");
  const job = { id: "job 1", callbackToken: null, attemptNonce: "n/1" };

  it("addresses a CreativeAI callback to the job and attempt, with no secret in the URL", () => {
    expect(creativeAi.newCallbackToken()).toBeNull();
    expect(creativeAi.callbackUrl("https://app.example", job)).toBe(
      "https://app.example/webhooks/video/creativeai?job=job%201&attempt=n%2F1",
    );
    expect(creativeAi.callbackUrl("https://app.example", { ...job, attemptNonce: null })).toBe(
      "https://app.example/webhooks/video/creativeai?job=job%201",
    );
  });

  it("addresses a JSON2Video callback with the job's own token, and refuses a job without one", () => {
    const token = json2video.newCallbackToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(json2video.newCallbackToken()).not.toBe(token);
    expect(json2video.callbackUrl("https://app.example", { ...job, callbackToken: token })).toBe(
      `https://app.example/webhooks/video/json2video/${token}?attempt=n%2F1`,
    );
    expect(() => json2video.callbackUrl("https://app.example", job)).toThrow(/no callback token/);
  });

  it("reads the render a CreativeAI callback names from its delivery id header, else its body", () => {
    const body = JSON.stringify({ id: "vgen_body", status: "completed" });
    expect(creativeAi.callbackNames(body, new Headers({ "x-creativeai-delivery-id": "vgen_header" }))).toEqual({
      generationId: "vgen_header",
    });
    expect(creativeAi.callbackNames(body, new Headers())).toEqual({ generationId: "vgen_body" });
  });

  it("reads the project and the echoed job reference of a JSON2Video callback", () => {
    const body = JSON.stringify({ project: "p1", status: "done", "client-data": { job_reference: "job-1" } });
    expect(json2video.callbackNames(body, new Headers())).toEqual({ generationId: "p1", jobReference: "job-1" });
  });

  it.each(["", "not json", "[1,2]", "null", '{"id":42,"project":7,"client-data":"x"}'])(
    "names nothing in a body that is not a callback: %s",
    (body) => {
      for (const profile of [creativeAi, json2video]) {
        const named = profile.callbackNames(body, new Headers());
        expect(named.generationId).toBeUndefined();
        expect(named.jobReference).toBeUndefined();
      }
    },
  );

  it("keeps the headers that verify a CreativeAI callback later; JSON2Video's carry nothing to verify", () => {
    expect(creativeAi.callbackHeaders).toEqual(
      expect.arrayContaining(["x-creativeai-signature", "x-creativeai-delivery-id", "x-creativeai-event"]),
    );
    expect(json2video.callbackHeaders).toEqual(["content-type"]);
  });
});
