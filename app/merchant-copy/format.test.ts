import { describe, expect, it } from "vitest";
import { formatDateTime, formatDuration, formatTime, plural, productsTitle } from "~/merchant-copy/format";

it("names a batch after its products", () => {
  expect(productsTitle(["Oak Board"])).toBe("Oak Board");
  expect(productsTitle(["Oak Board", "Linen Tote"])).toBe("Oak Board and Linen Tote");
  expect(productsTitle(["Oak Board", "Linen Tote", "Ceramic Mug"])).toBe("Oak Board, Linen Tote and 1 more");
  expect(productsTitle(["Oak Board", "Linen Tote", ...Array(1_200).fill("Poster")])).toBe("Oak Board, Linen Tote and 1,200 more");
  expect(productsTitle(["A very long product title that goes on and on and on", "Mug"])).toBe(
    "A very long product title that goes on… and Mug",
  );
  expect(productsTitle(["", " "])).toBe("2 products");
});

it("reads counts and durations the way the pages show them", () => {
  expect(plural(1, "video")).toBe("1 video");
  expect(plural(12_000, "video")).toBe("12,000 videos");
  expect(formatDuration(42)).toBe("42 s");
  expect(formatDuration(125)).toBe("2 min 5 s");
  expect(formatDuration(120)).toBe("2 min");
});

describe("times in the shop's time zone", () => {
  const iso = "2026-12-01T18:30:05.000Z";
  it("reads in the shop's zone, named", () => {
    expect(formatDateTime(iso, "America/New_York")).toBe("Dec 1, 2026, 1:30 PM EST");
    expect(formatTime(iso, "Europe/Paris")).toBe("Dec 1, 2026, 7:30:05 PM GMT+1");
  });
  it("falls back to UTC when the zone is unknown or not a zone", () => {
    expect(formatDateTime(iso)).toBe("Dec 1, 2026, 6:30 PM UTC");
    expect(formatDateTime(iso, "Not/AZone")).toBe("Dec 1, 2026, 6:30 PM UTC");
  });
});
