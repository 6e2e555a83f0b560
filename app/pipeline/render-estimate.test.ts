import { expect, it } from "vitest";
import { batchEtaSeconds } from "./render-estimate.server";

it("is nothing when nothing is on its way", () => {
  expect(batchEtaSeconds({ notSent: 0, rendering: 0, afterRender: 0 }, 90, 4)).toBeNull();
});

it("takes one render for what is rendering, and a round per concurrency for what waits", () => {
  expect(batchEtaSeconds({ notSent: 0, rendering: 3, afterRender: 0 }, 90, 4)).toBe(90);
  expect(batchEtaSeconds({ notSent: 8, rendering: 4, afterRender: 0 }, 90, 4)).toBe(270);
  expect(batchEtaSeconds({ notSent: 1, rendering: 0, afterRender: 0 }, 60, 1)).toBe(60);
  expect(batchEtaSeconds({ notSent: 0, rendering: 0, afterRender: 2 }, 60, 2)).toBe(60);
});

it("treats a concurrency below one as one", () => {
  expect(batchEtaSeconds({ notSent: 3, rendering: 0, afterRender: 0 }, 10, 0)).toBe(30);
});
