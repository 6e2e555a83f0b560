import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, secretHint } from "./secret-box.server";

describe("secret box", () => {
  const key = "11".repeat(32);

  it("round-trips and never stores the plain key", () => {
    const sealed = encryptSecret("rph_live_secret", key);
    expect(sealed).not.toContain("rph_live_secret");
    expect(decryptSecret(sealed, key)).toBe("rph_live_secret");
  });

  it("uses a fresh nonce each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses a tampered ciphertext or another key", () => {
    const sealed = encryptSecret("rph_live_secret", key);
    const parts = sealed.split(".");
    parts[3] = Buffer.from("tampered").toString("base64url");
    expect(() => decryptSecret(parts.join("."), key)).toThrow();
    expect(() => decryptSecret(sealed, "22".repeat(32))).toThrow();
  });

  it("shows only the last four characters", () => {
    expect(secretHint("rph_live_abcd1234")).toBe("••••1234");
  });
});
