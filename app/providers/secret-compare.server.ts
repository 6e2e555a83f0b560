// Comparisons of secrets from callbacks. Both must run in constant time and
// must never throw: a malformed header is an attacker's input, not a crash.
import crypto from "node:crypto";

const SIGNATURE_PREFIX = "sha256=";
const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/**
 * Checks a `sha256=<hex>` header against HMAC-SHA256(body, key). Hex is
 * accepted in either case: the provider sends lowercase, and uppercase hex
 * decodes to the same 32 bytes, so accepting it weakens nothing.
 */
export function hmacSignatureMatches(header: string | null, body: string, key: string): boolean {
  if (header === null || !header.startsWith(SIGNATURE_PREFIX)) return false;
  const hex = header.slice(SIGNATURE_PREFIX.length);
  // The pattern pins the length, so timingSafeEqual always sees 32 bytes on both sides.
  if (!SHA256_HEX.test(hex)) return false;
  const received = Buffer.from(hex, "hex");
  const expected = crypto.createHmac("sha256", key).update(body, "utf8").digest();
  return crypto.timingSafeEqual(received, expected);
}

/**
 * Equal tokens, compared as SHA-256 digests so neither the content nor the
 * length of the expected token leaks through timing.
 */
export function tokensMatch(received: string | null | undefined, expected: string | null | undefined): boolean {
  if (typeof received !== "string" || typeof expected !== "string") return false;
  if (received === "" || expected === "") return false;
  const a = crypto.createHash("sha256").update(received, "utf8").digest();
  const b = crypto.createHash("sha256").update(expected, "utf8").digest();
  return crypto.timingSafeEqual(a, b);
}
