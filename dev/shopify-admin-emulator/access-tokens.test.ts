// The retry window of a used refresh token, on a clock the test moves: 30 days
// from its first use, never past the token's own 90 days (Shopify's changelog
// of 2026-08-28, "More resilient refreshes for expiring offline access tokens").
import { describe, expect, it } from "vitest";
import { AccessTokens, SHOPIFY_TOKEN_LIFETIMES } from "./access-tokens";

const DAY = 24 * 3600_000;
const SHOP = "retry-window.myshopify.com";

function tokensAt(start: number) {
  const clock = { now: start };
  return { clock, tokens: new AccessTokens(SHOPIFY_TOKEN_LIFETIMES, () => clock.now) };
}

describe("a used refresh token's retries", () => {
  it("work for 30 days from its first use, then stop", () => {
    const { clock, tokens } = tokensAt(Date.UTC(2026, 11, 1));
    const installed = tokens.issueOffline(SHOP, "read_products", true);
    const renewed = tokens.refresh(installed.refresh!.token, SHOP)!;
    clock.now += 30 * DAY - 1000;
    expect(tokens.refresh(installed.refresh!.token, SHOP)).toMatchObject({
      accessToken: renewed.accessToken,
      refresh: { token: renewed.refresh!.token },
    });
    clock.now += 1000;
    expect(tokens.refresh(installed.refresh!.token, SHOP)).toBeNull();
    expect(tokens.countsFor(SHOP)).toEqual({ exchanges: 1, refreshes: 1, retriedRefreshes: 1, refusedRefreshes: 1 });
    // The replacement itself is untouched by the ended window.
    expect(tokens.refresh(renewed.refresh!.token, SHOP)).not.toBeNull();
  });

  it("never outlive the used token's 90 days", () => {
    const { clock, tokens } = tokensAt(Date.UTC(2026, 11, 1));
    const installed = tokens.issueOffline(SHOP, "read_products", true);
    clock.now += 80 * DAY;
    tokens.refresh(installed.refresh!.token, SHOP);
    clock.now += 10 * DAY - 1000;
    expect(tokens.refresh(installed.refresh!.token, SHOP)).not.toBeNull();
    clock.now += 1000;
    expect(tokens.refresh(installed.refresh!.token, SHOP)).toBeNull();
  });

  it("end when the shop uninstalls", () => {
    const { tokens } = tokensAt(Date.UTC(2026, 11, 1));
    const installed = tokens.issueOffline(SHOP, "read_products", true);
    tokens.refresh(installed.refresh!.token, SHOP);
    tokens.revokeShop(SHOP);
    expect(tokens.refresh(installed.refresh!.token, SHOP)).toBeNull();
  });
});
