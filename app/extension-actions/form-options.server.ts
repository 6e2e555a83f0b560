// The generate form as the extensions show it: the shop's render choices
// (pipeline/render-choices, the same the admin pages offer) in the shape the
// extensions' API promises, so a request (one product or 8,000) is priced
// without asking again.
import type { Database } from "~/db.server";
import { offeredModels, renderChoicesFor } from "~/pipeline/render-choices.server";
import type { AspectRatio, FormOptions } from "./api-types";
import { refused } from "./errors.server";

export async function formOptionsFor(db: Database, shop: string): Promise<FormOptions> {
  const choices = await renderChoicesFor(db, shop);
  const promptByAspectRatio = {} as Record<AspectRatio, string>;
  for (const surface of choices.surfaces) promptByAspectRatio[surface.aspectRatio] = surface.template;
  const { prompt, model, duration, aspectRatio } = choices.defaults;
  return {
    defaults: { prompt, model, duration, aspectRatio },
    promptByAspectRatio,
    models: choices.models,
    durations: choices.durations,
    aspectRatios: choices.surfaces.map((s) => ({ value: s.aspectRatio, label: s.label })),
    creditsPerVideo: choices.creditsPerVideo,
    budget: { monthlyCredits: choices.credits.budget, usedThisMonth: choices.credits.spent },
    autoPublish: choices.autoPublish,
  };
}

/**
 * createBatch checks the model too, but only once every product is read; a
 * collection request checks first, so a stale form costs no Admin API pages.
 */
export async function assertModelOffered(db: Database, shop: string, model: string): Promise<void> {
  const models = await offeredModels(db, shop);
  if (!models.some((m) => m.id === model)) {
    throw refused(`Choose one of the models your video provider offers: ${models.map((m) => m.id).join(", ")}.`);
  }
}
