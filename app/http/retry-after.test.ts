// Retry-After as RFC 9110 writes it, plus the decimal seconds Shopify sends.
import { describe, expect, it } from "vitest";
import { retryAfterMs } from "./retry-after";

const NOW = Date.UTC(1994, 10, 6, 8, 49, 30);

describe("retryAfterMs", () => {
  it("reads delay-seconds, and Shopify's decimal seconds rounded up to the millisecond", () => {
    expect(retryAfterMs("120", NOW)).toBe(120_000);
    expect(retryAfterMs(" 0 ", NOW)).toBe(0);
    expect(retryAfterMs("2.0", NOW)).toBe(2_000);
    expect(retryAfterMs("1.0005", NOW)).toBe(1_001);
  });

  it("reads each of the three HTTP-date forms as GMT, and a date passed as no wait", () => {
    expect(retryAfterMs("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).toBe(7_000);
    expect(retryAfterMs("Sunday, 06-Nov-94 08:49:37 GMT", NOW)).toBe(7_000);
    expect(retryAfterMs("Sun Nov  6 08:49:37 1994", NOW)).toBe(7_000);
    expect(retryAfterMs("Sun, 06 Nov 1994 08:00:00 GMT", NOW)).toBe(0);
    const inOneMinute = new Date(Date.now() + 60_000).toUTCString();
    expect(retryAfterMs(inOneMinute)).toBeGreaterThan(55_000);
  });

  it("takes a two-digit year more than 50 years ahead as the century before", () => {
    const in2026 = Date.UTC(2026, 0, 1);
    expect(retryAfterMs("Thursday, 01-Jan-26 00:00:10 GMT", in2026)).toBe(10_000);
    expect(retryAfterMs("Friday, 01-Jan-77 00:00:00 GMT", in2026)).toBe(0);
  });

  it("ignores what is neither", () => {
    for (const value of [
      null,
      "",
      "soon",
      "-5",
      "+5",
      "1e3",
      ".5",
      "5.",
      "0x10",
      "Infinity",
      "2026-12-02T03:00:00Z",
      "06 Nov 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 08:49:37 UTC",
      "Sun, 06 Nov 1994 08:49:37 +0000",
      "Sun, 31 Feb 1994 08:49:37 GMT",
      "Sun, 06 Nov 1994 25:00:00 GMT",
    ]) {
      expect(retryAfterMs(value, NOW), String(value)).toBeNull();
    }
  });
});
