// What can go wrong at the provider, switchable per run. Rates are
// probabilities from 0 to 1, decided per request or per render.
import { z } from "zod";

const rate = z.number().min(0).max(1);

export const faultsSchema = z
  .object({
    /** Renders that end failed, with an error message. */
    failRate: rate,
    /** CreativeAI renders finished by a backup model (failover_used: true, another model_actual). */
    failoverRate: rate,
    /** Submissions answered 429 with Retry-After. */
    submit429Rate: rate,
    /** The Retry-After seconds sent with a 429 (not scaled: it is what the client is told). */
    retryAfterSeconds: z.number().int().min(0).max(3600),
    /** Submissions answered 503. */
    submit5xxRate: rate,
    /** Status polls answered 503. */
    poll5xxRate: rate,
    /** Renders whose callback is never sent. */
    lostCallbackRate: rate,
    /** Renders whose final callback is delivered twice. */
    duplicateCallbackRate: rate,
    /** Renders that also send a stale in-progress callback after the final one. */
    outOfOrderRate: rate,
    /** Renders whose final callback is sent again later, the same bytes to the same URL (a replay). */
    replayCallbackRate: rate,
    /** Renders of an image rendered before: the earlier render's final callback arrives again meanwhile. */
    outOfDateCallbackRate: rate,
    /** Extra delay before every API answer (scaled by timeScale like every delay). */
    slowResponseMs: z.number().min(0).max(600_000),
    /** Renders that stay in progress forever. */
    neverFinishRate: rate,
    /** Completed renders whose output file is an HTML page, not a video. */
    invalidVideoRate: rate,
    /** Clips that drift from halfway: into another product's photo, or their colours shift. */
    driftedClipRate: rate,
    /** Clips that show one still frame for their whole length. */
    frozenClipRate: rate,
    /** Files cut off partway: the header is there, the last seconds do not decode. */
    truncatedClipRate: rate,
    /** Clips in another shape than ordered (portrait for landscape, landscape otherwise). */
    wrongAspectRate: rate,
    /** Output URLs that answer 404 once urlLifetimeSeconds have passed since the render finished. */
    expiringUrlRate: rate,
    /** Lifetime of an expiring output URL (scaled by timeScale like every delay). */
    urlLifetimeSeconds: z
      .number()
      .min(0)
      .max(7 * 24 * 3600),
  })
  .strict();

export type Faults = z.infer<typeof faultsSchema>;

export const NO_FAULTS: Faults = {
  failRate: 0,
  failoverRate: 0,
  submit429Rate: 0,
  retryAfterSeconds: 2,
  submit5xxRate: 0,
  poll5xxRate: 0,
  lostCallbackRate: 0,
  duplicateCallbackRate: 0,
  outOfOrderRate: 0,
  replayCallbackRate: 0,
  outOfDateCallbackRate: 0,
  slowResponseMs: 0,
  neverFinishRate: 0,
  invalidVideoRate: 0,
  driftedClipRate: 0,
  frozenClipRate: 0,
  truncatedClipRate: 0,
  wrongAspectRate: 0,
  expiringUrlRate: 0,
  urlLifetimeSeconds: 60,
};

export const partialFaultsSchema = faultsSchema.partial();
