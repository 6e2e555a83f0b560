// The generate form as this shop should see it: its provider's models, its
// defaults, its prompt templates, and what each choice costs, so the
// extension prices a request (one product or 8,000) without asking again.
import { TARGET_SURFACES } from "~/pipeline/target-surfaces";
import type { Database } from "~/db.server";
import { creditsSpentThisMonth } from "~/pipeline/budget.server";
import { ASPECT_RATIOS, DURATIONS, estimateCreditsFor } from "~/pipeline/batches.server";
import { MODELS } from "~/providers/registry.server";
import type { ProviderName } from "~/providers/provider";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import type { AspectRatio, FormOptions } from "./api-types";
import { refused } from "./errors.server";

function isAspectRatio(value: string): value is AspectRatio {
  return (ASPECT_RATIOS as readonly string[]).includes(value);
}

export async function formOptionsFor(db: Database, shop: string): Promise<FormOptions> {
  const settings = await shopSettings(db, shop);
  const provider = settings.provider as ProviderName;
  const models = MODELS[provider];
  const templates = promptTemplatesOf(settings);

  const promptByAspectRatio = {} as Record<AspectRatio, string>;
  for (const surface of TARGET_SURFACES) promptByAspectRatio[surface.aspectRatio] = templates[surface.id] ?? "";

  const aspectRatio = isAspectRatio(settings.defaultAspectRatio) ? settings.defaultAspectRatio : "16:9";
  const creditsPerVideo: FormOptions["creditsPerVideo"] = {};
  for (const model of models) {
    creditsPerVideo[model.id] = Object.fromEntries(DURATIONS.map((duration) => [String(duration), estimateCreditsFor(provider, { model: model.id, duration })]));
  }

  return {
    defaults: {
      prompt: promptByAspectRatio[aspectRatio],
      model: models.some((m) => m.id === settings.defaultModel) ? settings.defaultModel : models[0].id,
      duration: (DURATIONS as readonly number[]).includes(settings.defaultDuration) ? settings.defaultDuration : DURATIONS[0],
      aspectRatio,
    },
    promptByAspectRatio,
    models: models.map((m) => ({ id: m.id, label: m.label })),
    durations: [...DURATIONS],
    aspectRatios: TARGET_SURFACES.map((s) => ({ value: s.aspectRatio, label: s.label })),
    creditsPerVideo,
    budget: { monthlyCredits: settings.monthlyCreditBudget, usedThisMonth: await creditsSpentThisMonth(db, shop) },
    autoPublish: settings.autoPublish,
  };
}

/**
 * createBatch checks the model too, but only once every product is read; a
 * collection request checks first, so a stale form costs no Admin API pages.
 */
export async function assertModelOffered(db: Database, shop: string, model: string): Promise<void> {
  const settings = await shopSettings(db, shop);
  const models = MODELS[settings.provider as ProviderName];
  if (!models.some((m) => m.id === model)) {
    throw refused(`Choose one of the models your video provider offers: ${models.map((m) => m.id).join(", ")}.`);
  }
}
