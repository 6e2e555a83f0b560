import { describe, expect, it } from "vitest";
import { batchNameOf, dayOf } from "./batch-name.server";

describe("batch names", () => {
  const at = new Date("2026-12-01T23:30:00Z");

  it("say what, how many and the day", () => {
    expect(batchNameOf("Summer collection", 214, at, "UTC")).toBe("Summer collection · 214 products · 1 Dec");
  });

  it("read the day in the shop's time zone", () => {
    expect(batchNameOf("Summer collection", 214, at, "Asia/Tokyo")).toBe("Summer collection · 214 products · 2 Dec");
    expect(dayOf(at, "America/Los_Angeles")).toBe("1 Dec");
  });

  it("leave out the count for one product, whose title already says it", () => {
    expect(batchNameOf("Oak Board", 1, at, "UTC")).toBe("Oak Board · 1 Dec");
  });

  it("fall back to UTC for a time zone the runtime does not know", () => {
    expect(batchNameOf("Spring", 2, at, "Mars/Olympus_Mons")).toBe("Spring · 2 products · 1 Dec");
  });

  it("shorten a long description", () => {
    const name = batchNameOf("x".repeat(200), 3, at, null);
    expect(name.startsWith(`${"x".repeat(99)}… · 3 products`)).toBe(true);
  });

  it("keep two long product titles and how many more", () => {
    const title = "Classic Glass Water Bottle - Midnight Bla";
    expect(batchNameOf(`${title}…, ${title}… and 1 more`, 3, at, null)).toMatch(/ and 1 more · 3 products · /);
  });
});
