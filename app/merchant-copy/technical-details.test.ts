import { expect, it } from "vitest";
import { looksTechnical, splitTechnical } from "./technical-details";
import { outcomeLabel } from "./job-outcome";

it("moves a generation id in brackets to the details", () => {
  expect(splitTechnical("Rendering (vgen_3535e9fa9dc0e8a5)", "Rendering")).toEqual({ text: "Rendering", details: "vgen_3535e9fa9dc0e8a5" });
});

it("keeps brackets that say nothing technical", () => {
  expect(splitTechnical("Rendering (resumed after a restart)", "Rendering")).toEqual({
    text: "Rendering (resumed after a restart)",
    details: null,
  });
});

it("replaces a sentence whose code is not in brackets, and keeps it whole as the details", () => {
  expect(splitTechnical("Refused with HTTP 401 by kling-v3", "The provider refused")).toEqual({
    text: "The provider refused",
    details: "Refused with HTTP 401 by kling-v3",
  });
});

it("knows HTTP codes, ids and model names", () => {
  for (const s of ["HTTP 500", "mov_a1b2c3d4", "seedance-1.5-pro", "kling-v3"]) expect(looksTechnical(s)).toBe(true);
  for (const s of ["Live on the product page", "10 seconds", "Paused: monthly budget reached", "Kling v3"])
    expect(looksTechnical(s)).toBe(false);
});

it("names a budget pause and a job cancelled before it started", () => {
  expect(outcomeLabel({ status: "paused", pausedReason: "budget" })).toBe("Paused: monthly budget reached");
  expect(outcomeLabel({ status: "cancelled", reachedProvider: false })).toBe("Not started");
  expect(outcomeLabel({ status: "cancelled", reachedProvider: true })).toBe("Cancelled");
});
