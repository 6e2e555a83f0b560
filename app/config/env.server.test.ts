import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

const REAL = {
  SHOPIFY_API_KEY: "k",
  SHOPIFY_API_SECRET: "s",
  SHOPIFY_APP_URL: "https://app.example.com",
  APP_ENCRYPTION_KEY: "a".repeat(64),
  REDIS_URL: "redis://r:6379",
};

describe("environment", () => {
  it("applies the embedded defaults", () => {
    const env = parseEnv({ NODE_ENV: "test" });
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.db");
    expect(env.RENDER_GLOBAL_CAP).toBe(10);
  });

  it("names every invalid variable", () => {
    try {
      parseEnv({ NODE_ENV: "test", RENDER_GLOBAL_CAP: "lots", REDIS_URL: "http://nope", SHOPIFY_APP_URL: "not a url" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toContain("RENDER_GLOBAL_CAP");
      expect(message).toContain("REDIS_URL: must be a redis:// or rediss:// URL");
      expect(message).toContain("SHOPIFY_APP_URL");
    }
  });

  it("refuses the sandbox and an Admin API redirect in production", () => {
    const production = { NODE_ENV: "production", ...REAL };
    expect(() => parseEnv(production)).not.toThrow();
    expect(() => parseEnv({ ...production, CATALOG_MOTION_SANDBOX: "1" })).toThrow(
      /CATALOG_MOTION_SANDBOX: the sandbox cannot be started with NODE_ENV=production/,
    );
    expect(() => parseEnv({ ...production, SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:1" })).toThrow(/SHOPIFY_ADMIN_API_ORIGIN/);
    expect(() => parseEnv({ ...REAL, SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:1" })).toThrow(/SHOPIFY_ADMIN_API_ORIGIN/);
  });

  it("keeps clips in a local folder by default, and needs every S3 value, real ones outside the sandbox and tests", () => {
    expect(parseEnv({ NODE_ENV: "test" })).toMatchObject({ CLIP_STORE: "local", CLIP_STORE_DIR: "data/clips", CLIP_RETENTION_DAYS: 30 });
    const s3 = {
      CLIP_STORE: "s3",
      CLIP_STORE_S3_ENDPOINT: "https://storage.example.com",
      CLIP_STORE_S3_BUCKET: "catalog-motion-clips",
      CLIP_STORE_S3_ACCESS_KEY_ID: "AKIAEXAMPLE",
      CLIP_STORE_S3_SECRET_ACCESS_KEY: "real-secret-value",
    };
    expect(parseEnv({ NODE_ENV: "production", ...REAL, ...s3 }).CLIP_STORE_S3_BUCKET).toBe("catalog-motion-clips");
    expect(() => parseEnv({ NODE_ENV: "production", ...REAL, CLIP_STORE: "s3" })).toThrow(
      /CLIP_STORE_S3_BUCKET: is required when CLIP_STORE=s3[\s\S]*CLIP_STORE_S3_SECRET_ACCESS_KEY: is required/,
    );
    expect(() => parseEnv({ NODE_ENV: "test", CLIP_STORE: "s3" })).toThrow(/CLIP_STORE_S3_ACCESS_KEY_ID: is required/);
    const placeholders = { ...s3, CLIP_STORE_S3_ACCESS_KEY_ID: "S3RVER", CLIP_STORE_S3_SECRET_ACCESS_KEY: "S3RVER" };
    expect(() => parseEnv({ NODE_ENV: "production", ...REAL, ...placeholders })).toThrow(
      /CLIP_STORE_S3_ACCESS_KEY_ID: is a development placeholder/,
    );
    expect(parseEnv({ NODE_ENV: "test", ...placeholders }).CLIP_STORE_S3_ACCESS_KEY_ID).toBe("S3RVER");
  });

  it("loads the App Bridge stand-in only in the sandbox and tests", () => {
    const standIn = { APP_BRIDGE_URL: "http://127.0.0.1:4000/shopifycloud/app-bridge.js" };
    expect(() => parseEnv({ NODE_ENV: "production", ...REAL, ...standIn })).toThrow(
      /APP_BRIDGE_URL: App Bridge can be replaced only in the sandbox and in tests/,
    );
    expect(() => parseEnv({ ...REAL, ...standIn })).toThrow(/APP_BRIDGE_URL/);
    expect(parseEnv({ CATALOG_MOTION_SANDBOX: "1", ...standIn }).APP_BRIDGE_URL).toBe(standIn.APP_BRIDGE_URL);
    expect(parseEnv({ NODE_ENV: "test", ...standIn }).APP_BRIDGE_URL).toBe(standIn.APP_BRIDGE_URL);
  });

  it.each([["production"], ["development"], [undefined]])("a start with NODE_ENV=%s needs every real secret, naming each", (nodeEnv) => {
    try {
      parseEnv({ NODE_ENV: nodeEnv });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "APP_ENCRYPTION_KEY", "REDIS_URL"]) {
        expect(message).toContain(`${name}: is required`);
      }
    }
    const { SHOPIFY_API_SECRET: _left, ...withoutSecret } = REAL;
    expect(() => parseEnv({ NODE_ENV: nodeEnv, ...withoutSecret })).toThrow(/SHOPIFY_API_SECRET: is required/);
    expect(parseEnv({ NODE_ENV: nodeEnv, ...REAL }).SHOPIFY_API_SECRET).toBe("s");
  });

  it("gives placeholders only to the sandbox and tests, and never overrides a real value", () => {
    for (const start of [{ NODE_ENV: "test" }, { NODE_ENV: "development", CATALOG_MOTION_SANDBOX: "1" }, { CATALOG_MOTION_SANDBOX: "1" }]) {
      const env = parseEnv(start);
      expect(env.SHOPIFY_API_KEY).toBe("sandbox-api-key");
      expect(env.SHOPIFY_API_SECRET).toBe("sandbox-api-secret");
      expect(env.APP_ENCRYPTION_KEY).toMatch(/^[0-9a-f]{64}$/);
      expect(parseEnv({ ...start, SHOPIFY_API_SECRET: "real" }).SHOPIFY_API_SECRET).toBe("real");
    }
  });
});
