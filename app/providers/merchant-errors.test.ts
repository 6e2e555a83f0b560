// Every failure the adapters and the pipeline write reads as a sentence and an
// action, with the technical message kept for "Details" only.
import { expect, it } from "vitest";
import { looksTechnical } from "~/merchant-copy/technical-details";
import { errorForStatus } from "./provider-http.server";
import { describeProblem } from "./merchant-errors";
import { renderFailureMessage } from "~/pipeline/render-results.server";

// What the simulator's renders fail with (the providers' own words, seeds 001-004).
const PROVIDER_FAILURES: [string, RegExp][] = [
  ["provider timeout after retry budget", /took too long/],
  ["Upstream provider rejected the image: subject could not be detected", /could not find the product in the photo/],
  ["Content policy: the prompt was flagged by the upstream provider", /content rules/],
  ["Source image could not be downloaded (HTTP 403)", /could not download the product photo/],
  ["Rendering timed out", /took too long/],
  ["Invalid image format", /file type is not supported/],
];

it.each(PROVIDER_FAILURES)("a render that failed with %j reads in the merchant's words", (said, sentence) => {
  const stored = renderFailureMessage(said);
  const problem = describeProblem("render_failed", stored);
  expect(problem.sentence).toMatch(sentence);
  expect(looksTechnical(problem.sentence + problem.action)).toBe(false);
  expect(problem.details).toBe(stored);
});

it("a refused key names Settings, and the HTTP code is only in the details", () => {
  const error = errorForStatus(401, "Invalid API key", null);
  const problem = describeProblem("provider_refused", error.message);
  expect(problem.sentence).toBe("The video provider did not accept your API key.");
  expect(problem.action).toMatch(/Settings/);
  expect(problem.details).toMatch(/HTTP 401/);
  expect(looksTechnical(problem.sentence)).toBe(false);
});

it("a provider that kept failing says to retry later, without its status code", () => {
  const error = errorForStatus(503, null, null);
  const stored = `The video studio kept failing, so we stopped trying: ${error.message}. Retry later.`;
  const problem = describeProblem("provider_unavailable", stored);
  expect(problem.sentence).toMatch(/kept having trouble/);
  expect(looksTechnical(problem.sentence + problem.action)).toBe(false);
});

it("an app-named failure keeps its own sentence even when the words look like a provider's", () => {
  expect(describeProblem("media_failed", "Processing timed out").sentence).toBe("Shopify could not process the clip.");
});

it("a failure nobody named still gets a sentence and an action", () => {
  const problem = describeProblem(null, null);
  expect(problem.sentence).not.toBe("");
  expect(problem.action).toMatch(/Retry/);
  expect(problem.details).toBeNull();
});
