// The registry hands out the right adapter, and what it offers the merchant
// is what the adapters accept and price.
import { describe, expect, it } from "vitest";
import { CREATIVEAI_CREDITS_PER_5_SECONDS, CREATIVEAI_MODELS, CreativeAiProvider } from "./creativeai.server";
import { JSON2VIDEO_MOTIONS, Json2VideoProvider } from "./json2video.server";
import { isProviderName, MODELS, PROVIDER_NAMES, videoProviderFor } from "./registry.server";

const credentials = { apiKey: "key" };

describe("videoProviderFor", () => {
  it("builds the adapter for each provider name", () => {
    expect(videoProviderFor("creativeai", credentials)).toBeInstanceOf(CreativeAiProvider);
    expect(videoProviderFor("json2video", credentials)).toBeInstanceOf(Json2VideoProvider);
    for (const name of PROVIDER_NAMES) expect(videoProviderFor(name, credentials).name).toBe(name);
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
  const creativeAi = videoProviderFor("creativeai", credentials);
  const json2video = videoProviderFor("json2video", credentials);

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
