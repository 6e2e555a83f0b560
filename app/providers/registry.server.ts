// The providers a shop can pick, the models each offers in the words the
// settings page shows, and each one's profile: everything the rest of the app
// knows about a provider, asked by name.
import { creativeAiProfile, CreativeAiProvider } from "./creativeai.server";
import { json2VideoProfile, Json2VideoProvider } from "./json2video.server";
import type { AppEnv } from "~/config/env.server";
import type { ProviderCredentials, ProviderName, ProviderProfile, VideoProvider } from "./provider";
import type { ProviderHttpOptions } from "./provider-http.server";

export const PROVIDER_NAMES = ["creativeai", "json2video"] as const satisfies readonly ProviderName[];

export const PROVIDER_LABELS: Readonly<Record<ProviderName, string>> = {
  creativeai: "CreativeAI (AI motion from your photo)",
  json2video: "JSON2Video (camera move over your photo)",
};

export interface ModelChoice {
  /** What the provider API is sent. */
  id: string;
  label: string;
}

/** The first model of each list is the default. */
export const MODELS: Readonly<Record<ProviderName, readonly ModelChoice[]>> = {
  creativeai: [
    { id: "kling-v3", label: "Kling v3: most lifelike motion" },
    { id: "seedance-1.5-pro", label: "Seedance 1.5 Pro: smooth motion, fewer credits" },
    { id: "auto", label: "Automatic: the provider picks the best available model" },
  ],
  json2video: [
    { id: "zoom-in", label: "Slow zoom in" },
    { id: "pan-right", label: "Gentle pan to the right" },
    { id: "pan-left", label: "Gentle pan to the left" },
  ],
};

/** What the choice among MODELS is called on a form: CreativeAI's models are models, JSON2Video's are camera moves. */
export const MODEL_FIELD_LABELS: Readonly<Record<ProviderName, { field: string; defaultField: string }>> = {
  creativeai: { field: "Model", defaultField: "Default model" },
  json2video: { field: "Camera move", defaultField: "Default camera move" },
};

/** A model's label for the merchant (never its API name); an unknown one reads as the provider's choice. */
export function modelLabel(provider: string, model: string): string {
  const choices = isProviderName(provider) ? MODELS[provider] : [];
  return choices.find((m) => m.id === model)?.label.split(":")[0] ?? "The provider's choice of model";
}

const PROFILES: Readonly<Record<ProviderName, ProviderProfile>> = {
  creativeai: creativeAiProfile,
  json2video: json2VideoProfile,
};

/** What is known of a provider without its key: callbacks, clip hosts, prices. */
export function profileOf(name: ProviderName): ProviderProfile {
  return PROFILES[name];
}

/** Where each provider's finished clips may be fetched from, known without a key (publishing needs none). */
export const OUTPUT_HOSTS: Readonly<Record<ProviderName, readonly string[]>> = {
  creativeai: creativeAiProfile.outputHosts,
  json2video: json2VideoProfile.outputHosts,
};

/** The operator's account at each provider, from the environment: its key and, in the sandbox and tests, the simulator's origin. */
export function operatorAccountsFromEnv(env: AppEnv): {
  operatorKeys: Partial<Record<ProviderName, string>>;
  providerBaseUrls: Partial<Record<ProviderName, string>>;
} {
  return {
    operatorKeys: { creativeai: env.CREATIVEAI_API_KEY, json2video: env.JSON2VIDEO_API_KEY },
    providerBaseUrls: { creativeai: env.CREATIVEAI_BASE_URL, json2video: env.JSON2VIDEO_BASE_URL },
  };
}

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

export function videoProviderFor(name: ProviderName, credentials: ProviderCredentials, options: ProviderHttpOptions = {}): VideoProvider {
  switch (name) {
    case "creativeai":
      return new CreativeAiProvider(credentials, options);
    case "json2video":
      return new Json2VideoProvider(credentials, options);
  }
}
