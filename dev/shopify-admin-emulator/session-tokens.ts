// Session tokens as Shopify admin signs them for an embedded app: a JWT signed
// HS256 with the app's secret, carrying Shopify's claims (iss is the shop's
// admin, dest the shop, aud the app's api key, sub the staff user, one minute
// of life). The emulated admin frame signs them; the token endpoint verifies
// the ones apps exchange.
import crypto from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

export interface SessionTokenInput {
  /** The shop's myshopify domain. */
  shop: string;
  apiKey: string;
  apiSecret: string;
  /** The staff member's id (Shopify's numeric user id). Default "1". */
  userId?: string;
  /** Shopify's tokens live for one minute. */
  ttlSeconds?: number;
}

export interface VerifiedSessionToken {
  shop: string;
  userId: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);

export async function signSessionToken(input: SessionTokenInput): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: `https://${input.shop}/admin`,
    dest: `https://${input.shop}`,
    aud: input.apiKey,
    sub: input.userId ?? "1",
    sid: crypto.randomUUID(),
    jti: crypto.randomUUID(),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + (input.ttlSeconds ?? 60))
    .sign(key(input.apiSecret));
}

/** The shop and user of a token this app's secret signed, or null for anything else (wrong secret, expired, another app's, malformed). */
export async function verifySessionToken(token: string, app: { apiKey: string; apiSecret: string }): Promise<VerifiedSessionToken | null> {
  try {
    const { payload } = await jwtVerify(token, key(app.apiSecret), { algorithms: ["HS256"], audience: app.apiKey });
    const dest = typeof payload.dest === "string" ? /^https:\/\/([a-z0-9][a-z0-9-]*\.myshopify\.com)$/.exec(payload.dest)?.[1] : undefined;
    if (!dest || payload.iss !== `https://${dest}/admin` || typeof payload.sub !== "string") return null;
    return { shop: dest, userId: payload.sub };
  } catch {
    return null;
  }
}
