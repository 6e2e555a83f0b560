import { expect, it } from "vitest";
import { overLimit } from "./over-limit";

it("says nothing when everything fits", () => {
  expect(overLimit({ videos: 4, creditsPerVideo: 3, creditsLeft: 12 })).toBeNull();
});

it("offers as many as the month's credits pay for", () => {
  expect(overLimit({ videos: 40, creditsPerVideo: 3, creditsLeft: 21 })).toEqual({
    fit: 7,
    reason: "This month's credits are enough for 7 videos.",
  });
});

it("offers as many as the store has room for when that is fewer", () => {
  expect(overLimit({ videos: 40, creditsPerVideo: 3, creditsLeft: 300, storeVideosLeft: 5 })).toMatchObject({ fit: 5 });
});

it("says when none fit", () => {
  expect(overLimit({ videos: 2, creditsPerVideo: 3, creditsLeft: 2 })).toMatchObject({ fit: 0 });
});
