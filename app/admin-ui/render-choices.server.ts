// What the generate and import pages offer: the shop's provider's models,
// clip lengths and shapes, the prompt template per surface, and the credit
// arithmetic the merchant sees before confirming.
import type { Database } from "~/db.server";
import { creditsSpentThisMonth } from "~/pipeline/budget.server";
import { ASPECT_RATIOS, DURATIONS, estimateCreditsFor } from "~/pipeline/batches.server";
import type { ProviderName } from "~/providers/provider";
import { MODELS, PROVIDER_LABELS } from "~/providers/registry.server";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import { DEFAULT_SURFACE, TARGET_SURFACES, type TargetSurface } from "~/pipeline/target-surfaces";

export interface RenderChoices {
  providerLabel: string;
  models: { id: string; label: string }[];
  durations: number[];
  aspectRatios: string[];
  surfaces: (TargetSurface & { template: string })[];
  defaults: { model: string; duration: number; aspectRatio: string; surface: TargetSurface["id"] };
  /** Credits one video costs, per model and duration. */
  creditsPerVideo: Record<string, Record<string, number>>;
  credits: { spent: number; budget: number; remaining: number };
}

export async function loadRenderChoices(db: Database, shop: string): Promise<RenderChoices> {
  const [settings, spent] = await Promise.all([shopSettings(db, shop), creditsSpentThisMonth(db, shop)]);
  const provider = settings.provider as ProviderName;
  const models = MODELS[provider].map((m) => ({ id: m.id, label: m.label }));
  const templates = promptTemplatesOf(settings);
  const creditsPerVideo: RenderChoices["creditsPerVideo"] = {};
  for (const model of models) {
    creditsPerVideo[model.id] = Object.fromEntries(DURATIONS.map((d) => [String(d), estimateCreditsFor(provider, { model: model.id, duration: d })]));
  }
  const defaultSurface = TARGET_SURFACES.find((s) => s.aspectRatio === settings.defaultAspectRatio) ?? DEFAULT_SURFACE;
  return {
    providerLabel: PROVIDER_LABELS[provider],
    models,
    durations: [...DURATIONS],
    aspectRatios: [...ASPECT_RATIOS],
    surfaces: TARGET_SURFACES.map((s) => ({ ...s, template: templates[s.id] ?? "" })),
    defaults: {
      model: models.some((m) => m.id === settings.defaultModel) ? settings.defaultModel : models[0].id,
      duration: settings.defaultDuration,
      aspectRatio: settings.defaultAspectRatio,
      surface: defaultSurface.id,
    },
    creditsPerVideo,
    credits: { spent, budget: settings.monthlyCreditBudget, remaining: Math.max(0, settings.monthlyCreditBudget - spent) },
  };
}
