// The access tokens Shopify has issued to the app, per shop: expiring offline
// tokens with their refresh tokens, online tokens for staff members, and the
// non-expiring kind. Using a refresh token issues a new pair and ends the old
// access token. The used refresh token stays good for retries (Shopify's
// changelog of 2026-08-28, "More resilient refreshes for expiring offline
// access tokens") until the app uses its replacement, at most 30 days from its
// first use and never past its own lifetime; using the replacement retires it.
import crypto from "node:crypto";

export interface TokenLifetimes {
  /** An expiring offline access token (Shopify: one hour). */
  offlineAccessSeconds: number;
  /** A refresh token (Shopify: 90 days). */
  refreshSeconds: number;
  /** An online access token (a staff member's day). */
  onlineAccessSeconds: number;
  /** How long a used refresh token may be retried (Shopify: 30 days from its first use). */
  retrySeconds: number;
}

export const SHOPIFY_TOKEN_LIFETIMES: TokenLifetimes = {
  offlineAccessSeconds: 3600,
  refreshSeconds: 90 * 24 * 3600,
  onlineAccessSeconds: 24 * 3600,
  retrySeconds: 30 * 24 * 3600,
};

interface AccessTokenRecord {
  shop: string;
  /** The access scopes granted with it, comma-separated as the token endpoint answers them. */
  scopes: string;
  /** Epoch ms; null for a non-expiring offline token. */
  expiresAt: number | null;
}

interface RefreshTokenRecord {
  shop: string;
  scopes: string;
  expiresAt: number;
  accessToken: string;
  /** The refresh token this one replaced, kept for retries until this one is used. */
  replaces?: string;
  /** Once used: when, and the pair it gave (what a retry answers again). */
  used?: { at: number; replacement: string };
}

export interface IssuedOffline {
  accessToken: string;
  scopes: string;
  expiresInSeconds: number | null;
  refresh: { token: string; expiresInSeconds: number } | null;
}

export type TokenCheck = { status: "valid"; shop: string; scopes: string } | { status: "expired" | "unknown" };

export interface ShopTokenCounts {
  exchanges: number;
  refreshes: number;
  /** A used refresh token presented again within its retry window. */
  retriedRefreshes: number;
  refusedRefreshes: number;
}

export class AccessTokens {
  private readonly access = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  /** Shops that uninstalled the app: their pre-issued catalog token never works again, even after a new install. */
  private readonly revoked = new Set<string>();
  private readonly counts = new Map<string, ShopTokenCounts>();

  constructor(
    private lifetimes: TokenLifetimes,
    private readonly now: () => number = Date.now,
  ) {}

  /** For tokens issued from now on: a test lets an install's token expire fast, then has refreshed ones live an hour. */
  setLifetimes(change: Partial<TokenLifetimes>): void {
    this.lifetimes = { ...this.lifetimes, ...change };
  }

  issueOffline(shop: string, scopes: string, expiring: boolean): IssuedOffline {
    this.countFor(shop).exchanges += 1;
    return this.newOffline(shop, scopes, expiring);
  }

  issueOnline(shop: string, scopes: string): { accessToken: string; expiresInSeconds: number } {
    this.countFor(shop).exchanges += 1;
    const accessToken = token("shpua");
    this.access.set(accessToken, { shop, scopes, expiresAt: this.now() + this.lifetimes.onlineAccessSeconds * 1000 });
    return { accessToken, expiresInSeconds: this.lifetimes.onlineAccessSeconds };
  }

  /**
   * A new pair for a live refresh token. Presented again before its replacement
   * was used (a retry after a lost or unstored answer), it gives the same pair
   * as its first use. Null (and the refusal counted) for a retired, expired,
   * revoked or unknown one.
   */
  refresh(refreshToken: string, shop: string | undefined): IssuedOffline | null {
    const now = this.now();
    const record = this.refreshTokens.get(refreshToken);
    const retryEnded = record?.used !== undefined && record.used.at + this.lifetimes.retrySeconds * 1000 <= now;
    if (!record || (shop !== undefined && record.shop !== shop) || record.expiresAt <= now || retryEnded) {
      const refusedFor = shop ?? record?.shop;
      if (refusedFor) this.countFor(refusedFor).refusedRefreshes += 1;
      return null;
    }
    if (record.used) {
      this.countFor(record.shop).retriedRefreshes += 1;
      return this.replacementPair(record.used.replacement);
    }
    // The changelog's "begins using its replacement" is the replacement refresh
    // token's first use ("until it starts using the replacement refresh token";
    // "when an app uses the replacement refresh token, the preceding refresh
    // token is retired"), not the new access token's calls to the Admin API.
    if (record.replaces) this.refreshTokens.delete(record.replaces);
    this.access.delete(record.accessToken);
    this.countFor(record.shop).refreshes += 1;
    const issued = this.newOffline(record.shop, record.scopes, true, refreshToken);
    record.used = { at: now, replacement: issued.refresh!.token };
    return issued;
  }

  /**
   * What a retry answers: the pair the first use issued, as Shopify documents
   * for a retried migration exchange ("More resilient token exchanges when
   * migrating tokens without a user session": the same pair, the access token's
   * expiry extended when needed, the refresh token's not). The refresh changelog
   * itself does not say; this never puts a second live pair in the app's hands.
   */
  private replacementPair(refreshToken: string): IssuedOffline {
    const now = this.now();
    const replacement = this.refreshTokens.get(refreshToken)!;
    const access = this.access.get(replacement.accessToken)!;
    if (access.expiresAt! <= now) access.expiresAt = now + this.lifetimes.offlineAccessSeconds * 1000;
    return {
      accessToken: replacement.accessToken,
      scopes: replacement.scopes,
      expiresInSeconds: (access.expiresAt! - now) / 1000,
      refresh: { token: refreshToken, expiresInSeconds: (replacement.expiresAt - now) / 1000 },
    };
  }

  check(accessToken: string): TokenCheck {
    const record = this.access.get(accessToken);
    if (!record) return { status: "unknown" };
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return { status: "expired" };
    return { status: "valid", shop: record.shop, scopes: record.scopes };
  }

  /** Whether the shop's pre-issued catalog token was revoked. */
  isRevoked(shop: string): boolean {
    return this.revoked.has(shop);
  }

  /** The app was uninstalled from the shop: every token of it stops working. */
  revokeShop(shop: string): void {
    this.revoked.add(shop);
    for (const [value, record] of this.access) if (record.shop === shop) this.access.delete(value);
    for (const [value, record] of this.refreshTokens) if (record.shop === shop) this.refreshTokens.delete(value);
  }

  countsFor(shop: string): ShopTokenCounts {
    return { ...this.countFor(shop) };
  }

  private newOffline(shop: string, scopes: string, expiring: boolean, replaces?: string): IssuedOffline {
    const accessToken = token("shpat");
    if (!expiring) {
      this.access.set(accessToken, { shop, scopes, expiresAt: null });
      return { accessToken, scopes, expiresInSeconds: null, refresh: null };
    }
    const now = this.now();
    this.access.set(accessToken, { shop, scopes, expiresAt: now + this.lifetimes.offlineAccessSeconds * 1000 });
    const refreshToken = token("shprt");
    this.refreshTokens.set(refreshToken, { shop, scopes, accessToken, expiresAt: now + this.lifetimes.refreshSeconds * 1000, replaces });
    return {
      accessToken,
      scopes,
      expiresInSeconds: this.lifetimes.offlineAccessSeconds,
      refresh: { token: refreshToken, expiresInSeconds: this.lifetimes.refreshSeconds },
    };
  }

  private countFor(shop: string): ShopTokenCounts {
    let counts = this.counts.get(shop);
    if (!counts) {
      counts = { exchanges: 0, refreshes: 0, retriedRefreshes: 0, refusedRefreshes: 0 };
      this.counts.set(shop, counts);
    }
    return counts;
  }
}

function token(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(16).toString("hex")}`;
}
