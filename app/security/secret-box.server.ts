// Provider API keys are stored encrypted (AES-256-GCM). The key comes from
// APP_ENCRYPTION_KEY; outside production a fixed development key is used so
// the sandbox needs no set-up (production refuses to start without one).
import crypto from "node:crypto";

const DEV_KEY = crypto.createHash("sha256").update("catalog-motion development key: not for production").digest();

function keyFrom(material: string | undefined): Buffer {
  if (!material) {
    if (process.env.NODE_ENV === "production") throw new Error("APP_ENCRYPTION_KEY is required in production");
    return DEV_KEY;
  }
  const key = /^[0-9a-f]{64}$/i.test(material) ? Buffer.from(material, "hex") : Buffer.from(material, "base64");
  if (key.length !== 32) throw new Error("APP_ENCRYPTION_KEY must be 32 bytes (64 hex characters or base64)");
  return key;
}

export function encryptSecret(plain: string, material = process.env.APP_ENCRYPTION_KEY): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keyFrom(material), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(".");
}

export function decryptSecret(sealed: string, material = process.env.APP_ENCRYPTION_KEY): string {
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
