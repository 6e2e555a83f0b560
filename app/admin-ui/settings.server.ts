// The settings page: what the merchant chose, and saving it. The provider's
// API key is written encrypted and never read back to the page: only its hint.
import { forgetShopSettings } from "~/settings/settings-cache.server";
import { z } from "zod";
import type { Database } from "~/db.server";
import type { PipelineContext } from "~/pipeline/context.server";
import { creditsSpentThisMonth, resumeBudgetPaused } from "~/pipeline/budget.server";
import { keyProblemSentence } from "~/providers/merchant-errors";
import { plural } from "~/merchant-copy/format";
import { ASPECT_RATIOS, DURATIONS } from "~/pipeline/batches.server";
import type { ProviderName } from "~/providers/provider";
import { isProviderName, MODEL_FIELD_LABELS, MODELS, PROVIDER_LABELS, PROVIDER_NAMES, videoProviderFor } from "~/providers/registry.server";
import { encryptSecret, secretHint } from "~/security/secret-box.server";
import { promptTemplatesOf, shopSettings } from "~/settings/shop-settings.server";
import { fieldErrorsOf, type FieldErrors } from "~/http/responses.server";
import { MAX_CONCURRENCY_CAP, templateField } from "./settings-fields";
import { TARGET_SURFACES, type TargetSurface } from "~/pipeline/target-surfaces";

export interface SettingsPageData {
  provider: ProviderName;
  providers: { id: ProviderName; label: string }[];
  modelsByProvider: Record<string, { id: string; label: string }[]>;
  /** "Default model" or "Default camera move", by provider. */
  modelFieldByProvider: Record<string, string>;
  /** "••••abcd" when a key is saved; the key itself never leaves the server. */
  keyHint: string | null;
  defaultModel: string;
  defaultDuration: number;
  defaultAspectRatio: string;
  durations: number[];
  aspectRatios: string[];
  autoPublish: boolean;
  replacePreviousClip: boolean;
  putFirst: boolean;
  aiAltText: boolean;
  /** The fidelity threshold as a percentage (the setting is 0-1). */
  fidelityPercent: number;
  concurrencyCap: number;
  monthlyCreditBudget: number;
  templates: (TargetSurface & { template: string })[];
}

export async function loadSettingsPage(db: Database, shop: string): Promise<SettingsPageData> {
  const settings = await shopSettings(db, shop);
  const templates = promptTemplatesOf(settings);
  return {
    provider: settings.provider as ProviderName,
    providers: PROVIDER_NAMES.map((id) => ({ id, label: PROVIDER_LABELS[id] })),
    modelsByProvider: Object.fromEntries(PROVIDER_NAMES.map((p) => [p, MODELS[p].map((m) => ({ id: m.id, label: m.label }))])),
    modelFieldByProvider: Object.fromEntries(PROVIDER_NAMES.map((p) => [p, MODEL_FIELD_LABELS[p].defaultField])),
    keyHint: settings.providerKeyHint,
    defaultModel: settings.defaultModel,
    defaultDuration: settings.defaultDuration,
    defaultAspectRatio: settings.defaultAspectRatio,
    durations: [...DURATIONS],
    aspectRatios: [...ASPECT_RATIOS],
    autoPublish: settings.autoPublish,
    replacePreviousClip: settings.replacePreviousClip,
    putFirst: settings.putFirst,
    aiAltText: settings.aiAltText,
    fidelityPercent: Math.round(settings.fidelityThreshold * 100),
    concurrencyCap: settings.concurrencyCap,
    monthlyCreditBudget: settings.monthlyCreditBudget,
    templates: TARGET_SURFACES.map((s) => ({ ...s, template: templates[s.id] ?? "" })),
  };
}

const onOff = z.enum(["true", "false"]).transform((v) => v === "true");
const wholeNumber = (min: number, max: number, what: string) =>
  z.coerce
    .number({ invalid_type_error: `Enter ${what} as a whole number` })
    .int(`Enter ${what} as a whole number`)
    .min(min, `${what[0].toUpperCase()}${what.slice(1)} must be at least ${min.toLocaleString("en-US")}`)
    .max(max, `${what[0].toUpperCase()}${what.slice(1)} can be at most ${max.toLocaleString("en-US")}`);
const template = z.string().trim().min(3, "Write a prompt of at least 3 characters").max(1_000, "Keep the prompt under 1,000 characters");

const settingsFormSchema = z.object({
  provider: z.enum(PROVIDER_NAMES, { message: "Choose a video provider" }),
  apiKey: z
    .string()
    .trim()
    .max(512, "That is longer than any API key we know")
    .refine((k) => k === "" || (k.length >= 8 && !/\s/.test(k)), "An API key has at least 8 characters and no spaces"),
  removeKey: onOff,
  defaultModel: z.string().min(1, "Choose a model"),
  defaultDuration: z.coerce.number().refine((d) => (DURATIONS as readonly number[]).includes(d), "Choose 5 or 10 seconds"),
  defaultAspectRatio: z.enum(ASPECT_RATIOS, { message: "Choose 16:9, 1:1 or 9:16" }),
  autoPublish: onOff,
  replacePreviousClip: onOff,
  putFirst: onOff,
  // Optional: a form from before these fields existed leaves them as they are.
  aiAltText: onOff.optional(),
  fidelityPercent: wholeNumber(0, 100, "the likeness needed to publish").optional(),
  concurrencyCap: wholeNumber(1, MAX_CONCURRENCY_CAP, "the number of videos at once"),
  monthlyCreditBudget: wholeNumber(0, 10_000_000, "the monthly budget"),
  ...Object.fromEntries(TARGET_SURFACES.map((s) => [templateField(s.id), template])),
});

/** Checked apart from the schema so it is reported together with every other field's message. */
function modelErrors(provider: unknown, model: unknown): FieldErrors {
  if (typeof provider !== "string" || !isProviderName(provider) || typeof model !== "string" || model === "") return {};
  if (MODELS[provider].some((m) => m.id === model)) return {};
  return { defaultModel: `Choose one of the models ${PROVIDER_LABELS[provider].split(" (")[0]} offers` };
}

export type SaveOutcome = { ok: true; message: string; connected: string | null } | { ok: false; errors: FieldErrors; keyDetails?: string };

/** What saving needs beyond the database: where each provider answers (the simulator in the sandbox), and the queues for videos a raised budget lets go. */
export type SettingsContext = Pick<PipelineContext, "db" | "providerBaseUrls"> & {
  queues: Pick<PipelineContext["queues"], "requestDispatch">;
};

export async function saveSettings(ctx: SettingsContext, shop: string, form: FormData): Promise<SaveOutcome> {
  const { db } = ctx;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(settingsFormSchema.shape)) raw[key] = form.get(key) ?? undefined;
  raw.apiKey ??= "";
  raw.removeKey ??= "false";
  const parsed = settingsFormSchema.safeParse(raw);
  const errors = { ...(parsed.success ? {} : fieldErrorsOf(parsed.error)), ...modelErrors(raw.provider, raw.defaultModel) };
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const input = parsed.data as z.infer<typeof settingsFormSchema> & Record<string, string>;

  // A new key is tried with one cheap authenticated call before it is stored:
  // a wrong key is refused here, not by the next render.
  if (input.apiKey) {
    const check = await videoProviderFor(input.provider, {
      apiKey: input.apiKey,
      baseUrl: ctx.providerBaseUrls[input.provider],
    }).checkKey();
    if (!check.ok) return { ok: false, errors: { apiKey: keyProblemSentence(check.problem) }, keyDetails: check.details };
  }

  const current = await shopSettings(db, shop);
  // A key belongs to one provider: switching without a new key drops the old one
  // rather than sending one provider's key to the other.
  const switchedProvider = input.provider !== current.provider;
  const key = input.apiKey
    ? { providerApiKey: encryptSecret(input.apiKey), providerKeyHint: secretHint(input.apiKey) }
    : input.removeKey || switchedProvider
      ? { providerApiKey: null, providerKeyHint: null }
      : {};
  const templates = Object.fromEntries(TARGET_SURFACES.map((s) => [s.id, input[templateField(s.id)]]));

  await db.shopSettings.update({
    where: { shop },
    data: {
      provider: input.provider,
      ...key,
      defaultModel: input.defaultModel,
      defaultDuration: input.defaultDuration,
      defaultAspectRatio: input.defaultAspectRatio,
      autoPublish: input.autoPublish,
      replacePreviousClip: input.replacePreviousClip,
      putFirst: input.putFirst,
      ...(input.aiAltText === undefined ? {} : { aiAltText: input.aiAltText }),
      ...(input.fidelityPercent === undefined ? {} : { fidelityThreshold: input.fidelityPercent / 100 }),
      concurrencyCap: input.concurrencyCap,
      monthlyCreditBudget: input.monthlyCreditBudget,
      promptTemplates: JSON.stringify(templates),
    },
  });
  forgetShopSettings(db, shop);
  const resumed = await resumeWithinBudget(ctx, shop, input.monthlyCreditBudget);
  const droppedKey = !input.apiKey && switchedProvider && current.providerApiKey;
  const saved = droppedKey
    ? "Settings saved. The saved API key belonged to your previous provider, so it was removed: add a key for the new one."
    : "Settings saved.";
  return {
    ok: true,
    message: resumed > 0 ? `${saved} ${plural(resumed, "paused video")} will be sent now.` : saved,
    connected: input.apiKey ? `Connected to ${PROVIDER_LABELS[input.provider].split(" (")[0]}: the key works.` : null,
  };
}

/** Videos paused for the budget go again once the budget has room for more. */
async function resumeWithinBudget(ctx: SettingsContext, shop: string, budget: number): Promise<number> {
  const waiting = await ctx.db.videoJob.count({ where: { shop, status: "paused", pausedReason: "budget" } });
  if (waiting === 0 || (await creditsSpentThisMonth(ctx.db, shop)) >= budget) return 0;
  const resumed = await resumeBudgetPaused(ctx.db, shop);
  if (resumed > 0) await ctx.queues.requestDispatch();
  return resumed;
}
