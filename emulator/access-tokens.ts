// The access tokens Shopify has issued to the app, per shop: expiring offline
// tokens with their refresh tokens, online tokens for staff members, and the
// non-expiring kind. A refresh token works once: using it issues a new pair
// and ends the old access token, so two processes refreshing the same shop
// at the same moment leave one of them holding nothing that works.
import crypto from "node:crypto";

export interface TokenLifetimes {
  /** An expiring offline access token (Shopify: one hour). */
  offlineAccessSeconds: number;
  /** A refresh token (Shopify: 90 days). */
  refreshSeconds: number;
  /** An online access token (a staff member's day). */
  onlineAccessSeconds: number;
}

export const SHOPIFY_TOKEN_LIFETIMES: TokenLifetimes = {
  offlineAccessSeconds: 3600,
  refreshSeconds: 90 * 24 * 3600,
  onlineAccessSeconds: 24 * 3600,
};

interface AccessTokenRecord {
  shop: string;
  /** Epoch ms; null for a non-expiring offline token. */
  expiresAt: number | null;
}

interface RefreshTokenRecord {
  shop: string;
  expiresAt: number;
  accessToken: string;
}

export interface IssuedOffline {
  accessToken: string;
  expiresInSeconds: number | null;
  refresh: { token: string; expiresInSeconds: number } | null;
}

export type TokenCheck = { status: "valid"; shop: string } | { status: "expired" | "unknown" };

export interface ShopTokenCounts {
  exchanges: number;
  refreshes: number;
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

  issueOffline(shop: string, expiring: boolean): IssuedOffline {
    this.countFor(shop).exchanges += 1;
    return this.newOffline(shop, expiring);
  }

  issueOnline(shop: string): { accessToken: string; expiresInSeconds: number } {
    this.countFor(shop).exchanges += 1;
    const accessToken = token("shpua");
    this.access.set(accessToken, { shop, expiresAt: this.now() + this.lifetimes.onlineAccessSeconds * 1000 });
    return { accessToken, expiresInSeconds: this.lifetimes.onlineAccessSeconds };
  }

  /** A new pair for a live refresh token; null (and the refusal counted) for a used, expired, revoked or unknown one. */
  refresh(refreshToken: string, shop: string | undefined): IssuedOffline | null {
    const record = this.refreshTokens.get(refreshToken);
    if (!record || (shop !== undefined && record.shop !== shop) || record.expiresAt <= this.now()) {
      const refusedFor = shop ?? record?.shop;
      if (refusedFor) this.countFor(refusedFor).refusedRefreshes += 1;
      return null;
    }
    this.refreshTokens.delete(refreshToken);
    this.access.delete(record.accessToken);
    this.countFor(record.shop).refreshes += 1;
    return this.newOffline(record.shop, true);
  }

  check(accessToken: string): TokenCheck {
    const record = this.access.get(accessToken);
    if (!record) return { status: "unknown" };
    if (record.expiresAt !== null && record.expiresAt <= this.now()) return { status: "expired" };
    return { status: "valid", shop: record.shop };
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

  private newOffline(shop: string, expiring: boolean): IssuedOffline {
    const accessToken = token("shpat");
    if (!expiring) {
      this.access.set(accessToken, { shop, expiresAt: null });
      return { accessToken, expiresInSeconds: null, refresh: null };
    }
    const now = this.now();
    this.access.set(accessToken, { shop, expiresAt: now + this.lifetimes.offlineAccessSeconds * 1000 });
    const refreshToken = token("shprt");
    this.refreshTokens.set(refreshToken, { shop, accessToken, expiresAt: now + this.lifetimes.refreshSeconds * 1000 });
    return {
      accessToken,
      expiresInSeconds: this.lifetimes.offlineAccessSeconds,
      refresh: { token: refreshToken, expiresInSeconds: this.lifetimes.refreshSeconds },
    };
  }

  private countFor(shop: string): ShopTokenCounts {
    let counts = this.counts.get(shop);
    if (!counts) {
      counts = { exchanges: 0, refreshes: 0, refusedRefreshes: 0 };
      this.counts.set(shop, counts);
    }
    return counts;
  }
}

function token(prefix: string): string {
  return `${prefix}_${crypto.randomBytes(16).toString("hex")}`;
}
