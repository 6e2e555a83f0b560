// The generate form as the extensions show it: the shop's render choices
// (pipeline/render-choices, the same the admin pages offer) in the shape the
// extensions' API promises, so a request (one product or 8,000) is priced
// without asking again.
import type { Database } from "~/db.server";
import { offeredModels, renderChoicesFor } from "~/pipeline/render-choices.server";
import { BILLING_PAGE_PATH, billingHoldOnNewVideos, type BillingHold } from "~/billing/new-videos-hold.server";
import type { AppLink, AspectRatio, FormOptions } from "./api-types";
import { billingRequired, refused } from "./errors.server";

export async function formOptionsFor(db: Database, shop: string): Promise<FormOptions> {
  const [choices, hold] = await Promise.all([renderChoicesFor(db, shop), billingHoldOnNewVideos(db, shop)]);
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
    billingHold: hold ? { message: hold.message, link: billingLink(hold) } : null,
  };
}

function billingLink(hold: BillingHold): AppLink {
  return { label: hold.reason === "raise_limit" ? "Approve a higher limit" : "Approve the plan", appPath: BILLING_PAGE_PATH };
}

/** New videos are refused while billing holds them, with a link to the billing page (an extension cannot redirect). */
export async function assertBillingAllowsNewVideos(db: Database, shop: string): Promise<void> {
  const hold = await billingHoldOnNewVideos(db, shop);
  if (hold) throw billingRequired(hold.message, billingLink(hold));
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
