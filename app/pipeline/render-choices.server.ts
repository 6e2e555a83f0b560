// What a shop can ask a render for: its provider's models, the clip lengths
// and shapes, the prompt template per surface, its defaults, and what each
// choice costs against the month's budget. The admin's generate and import
// pages and the admin action extensions all offer this, each in its own
// layout; they read it from here so the two front ends never disagree.
import type { Database } from "~/db.server";
import type { ProviderName } from "~/providers/provider";
import { MODEL_FIELD_LABELS, MODELS, PROVIDER_LABELS } from "~/providers/registry.server";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import { ASPECT_RATIOS, DURATIONS, estimateCreditsFor } from "./batches.server";
import { creditsSpentThisMonth } from "./budget.server";
import { DEFAULT_SURFACE, TARGET_SURFACES, type TargetSurface } from "./target-surfaces";

export interface RenderChoices {
  providerLabel: string;
  /** What the model choice is called: "Model" (CreativeAI) or "Camera move" (JSON2Video). */
  modelField: string;
  models: { id: string; label: string }[];
  durations: number[];
  aspectRatios: string[];
  surfaces: (TargetSurface & { template: string })[];
  defaults: { model: string; duration: number; aspectRatio: TargetSurface["aspectRatio"]; surface: TargetSurface["id"]; prompt: string };
  /** Credits one video costs, per model and duration. */
  creditsPerVideo: Record<string, Record<string, number>>;
  credits: { spent: number; budget: number; remaining: number };
  /** Off: each clip waits for the merchant's approval before it goes live. */
  autoPublish: boolean;
}

export async function renderChoicesFor(db: Database, shop: string): Promise<RenderChoices> {
  const [settings, spent] = await Promise.all([shopSettings(db, shop), creditsSpentThisMonth(db, shop)]);
  const provider = settings.provider as ProviderName;
  const models = MODELS[provider].map((m) => ({ id: m.id, label: m.label }));
  const templates = promptTemplatesOf(settings);
  const surfaces = TARGET_SURFACES.map((s) => ({ ...s, template: templates[s.id] ?? "" }));
  const creditsPerVideo: RenderChoices["creditsPerVideo"] = {};
  for (const model of models) {
    creditsPerVideo[model.id] = Object.fromEntries(
      DURATIONS.map((d) => [String(d), estimateCreditsFor(provider, { model: model.id, duration: d })]),
    );
  }
  // Settings saved before a model, length or shape was withdrawn fall back to what is offered now.
  const defaultSurface =
    surfaces.find((s) => s.aspectRatio === settings.defaultAspectRatio) ?? surfaces.find((s) => s.id === DEFAULT_SURFACE.id)!;
  return {
    providerLabel: PROVIDER_LABELS[provider],
    modelField: MODEL_FIELD_LABELS[provider].field,
    models,
    durations: [...DURATIONS],
    aspectRatios: [...ASPECT_RATIOS],
    surfaces,
    defaults: {
      model: models.some((m) => m.id === settings.defaultModel) ? settings.defaultModel : models[0].id,
      duration: (DURATIONS as readonly number[]).includes(settings.defaultDuration) ? settings.defaultDuration : DURATIONS[0],
      aspectRatio: defaultSurface.aspectRatio,
      surface: defaultSurface.id,
      prompt: defaultSurface.template,
    },
    creditsPerVideo,
    credits: { spent, budget: settings.monthlyCreditBudget, remaining: Math.max(0, settings.monthlyCreditBudget - spent) },
    autoPublish: settings.autoPublish,
  };
}

/** The models the shop's provider offers, without pricing anything. */
export async function offeredModels(db: Database, shop: string): Promise<{ id: string; label: string }[]> {
  const settings = await shopSettings(db, shop);
  return MODELS[settings.provider as ProviderName].map((m) => ({ id: m.id, label: m.label }));
}
