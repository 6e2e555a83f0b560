// Provider API keys are stored encrypted (AES-256-GCM). The key is
// APP_ENCRYPTION_KEY as the environment parser gives it: a real start refuses
// to run without one, and only the sandbox and tests get a placeholder.
import crypto from "node:crypto";
import { env } from "~/config/env.server";

function keyFrom(material: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  if (key.length !== 32) throw new Error("APP_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)");
  return key;
}

export function encryptSecret(plain: string, material = env().APP_ENCRYPTION_KEY): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFrom(material), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, material = env().APP_ENCRYPTION_KEY): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || body === undefined) throw new Error("Stored secret is not in a known format");
  const decipher = crypto.createDecipheriv("aes-256-gcm", keyFrom(material), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

/** What the settings page may show of a key: its last four characters. */
export function secretHint(plain: string): string {
  return plain.length <= 4 ? "••••" : `••••${plain.slice(-4)}`;
}
