// Every failure a job can carry, in the merchant's words: a sentence that says
// what happened and an action that fixes it. The stored error message (the
// provider's own words, HTTP codes, ids) is kept for the "Details" row only.
// Shared by server and UI: no server imports.

export interface MerchantProblem {
  /** What happened, without codes, ids or model names. */
  sentence: string;
  /** What the merchant can do about it. */
  action: string;
  /** The stored technical message, for an expandable "Details" row; null when it says nothing more. */
  details: string | null;
}

type Copy = Omit<MerchantProblem, "details">;

/**
 * What the provider says when a render fails, matched on its own words
 * (CreativeAI's error_message, JSON2Video's message; see dev/video-provider-simulator/README.md and
 * the simulator's failure messages). The first match wins.
 */
const PROVIDER_SAYINGS: readonly (readonly [RegExp, Copy])[] = [
  [
    /api key|unauthori[sz]ed|authentication|\b401\b|\b403\b.*key/i,
    { sentence: "The video provider did not accept your API key.", action: "Check the key in Settings, then choose Retry." },
  ],
  [
    /could not be downloaded|download|fetch the image|image url/i,
    {
      sentence: "The video studio could not download the product photo.",
      action: "Check that the photo is public in Shopify, then choose Retry.",
    },
  ],
  [
    /subject could not be detected|rejected the image|no subject/i,
    {
      sentence: "The video studio could not find the product in the photo.",
      action: "Choose a photo where the product is clearly visible, then choose Retry.",
    },
  ],
  [
    /invalid image format|unsupported (image|file)|image format/i,
    { sentence: "The product photo's file type is not supported.", action: "Use a JPG or PNG photo, then choose Retry." },
  ],
  [
    /content policy|flagged|moderation|safety/i,
    { sentence: "The video studio declined the prompt under its content rules.", action: "Reword the prompt, then choose Retry." },
  ],
  [
    /time(d)? ?out|retry budget|took too long/i,
    { sentence: "The video studio took too long and gave up on this clip.", action: "Choose Retry; it usually works the next time." },
  ],
  [
    /insufficient credits|out of credits|balance|quota/i,
    {
      sentence: "The video provider account has run out of credits.",
      action: "Top up the provider account, or remove your key in Settings to use the app's account, then choose Retry.",
    },
  ],
];

/** Failures the app itself names, by the job's error code. */
const BY_CODE: Readonly<Record<string, Copy>> = {
  missing_key: {
    sentence: "There is no API key for the video provider you chose.",
    action: "Add the key in Settings, then choose Retry.",
  },
  provider_unavailable: {
    sentence: "The video provider kept having trouble, so we stopped trying.",
    action: "Choose Retry in a few minutes.",
  },
  provider_refused: {
    sentence: "The video provider refused to make this clip.",
    action: "Check the photo and the prompt, then choose Retry.",
  },
  render_failed: {
    sentence: "The video studio could not make this clip.",
    action: "Choose Retry, or try another photo or prompt.",
  },
  render_timeout: {
    sentence: "The video studio did not finish this clip in time, so we stopped waiting.",
    action: "Choose Retry.",
  },
  budget_reached: {
    sentence: "Your monthly credit budget was used up before this video was sent.",
    action: "Raise the budget in Settings; waiting videos then continue.",
  },
  media_failed: {
    sentence: "Shopify could not process the clip.",
    action: "Choose Retry to publish it again, or regenerate it.",
  },
  shopify_refused: {
    sentence: "Shopify did not accept the clip for this product.",
    action: "Check the product in Shopify admin, then choose Retry.",
  },
  clip_refused: { sentence: "The finished clip did not pass our checks.", action: "Choose Retry to make a new one." },
  clip_unavailable: { sentence: "The finished clip could no longer be downloaded.", action: "Choose Retry to make a new one." },
  no_clip: { sentence: "The finished clip has no file to publish.", action: "Choose Retry to make a new one." },
  publish_failed: { sentence: "Publishing to Shopify kept failing.", action: "Choose Retry in a few minutes." },
  no_shop_access: {
    sentence: "The app could not reach your store to publish.",
    action: "Open the app from Shopify admin once, then choose Retry.",
  },
};

const UNKNOWN: Copy = { sentence: "Something went wrong with this video.", action: "Choose Retry to try again." };

/** The merchant's sentence and action for a job's failure; the stored message goes to "Details". */
export function describeProblem(errorCode: string | null, errorMessage: string | null): MerchantProblem {
  const details = errorMessage?.trim() || null;
  const fromProvider = details ? PROVIDER_SAYINGS.find(([pattern]) => pattern.test(details))?.[1] : undefined;
  // A code the app chose is more certain than a guess from words, except for
  // the generic provider codes, whose words say more.
  const byCode = errorCode ? BY_CODE[errorCode] : undefined;
  const generic = errorCode === null || ["render_failed", "provider_refused", "provider_unavailable"].includes(errorCode);
  const copy = (generic ? (fromProvider ?? byCode) : (byCode ?? fromProvider)) ?? UNKNOWN;
  return { ...copy, details: details && details !== copy.sentence ? details : null };
}

/** A provider refusal of the key itself, in the merchant's words (for Settings' key check). */
export function keyProblemSentence(kind: "refused" | "unreachable" | "unexpected"): string {
  switch (kind) {
    case "refused":
      return "The video provider did not accept this key. Copy it again from your provider account; nothing was saved.";
    case "unreachable":
      return "We could not reach the video provider to check this key. Try saving again in a minute; nothing was saved.";
    case "unexpected":
      return "The video provider gave an answer we did not expect while checking this key. Try again; nothing was saved.";
  }
}
