import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("environment", () => {
  it("applies the embedded defaults", () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBe("file:./prisma/dev.db");
    expect(env.RENDER_GLOBAL_CAP).toBe(10);
  });

  it("names every invalid variable", () => {
    try {
      parseEnv({ RENDER_GLOBAL_CAP: "lots", REDIS_URL: "http://nope", SHOPIFY_APP_URL: "not a url" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      const message = (error as Error).message;
      expect(message).toContain("RENDER_GLOBAL_CAP");
      expect(message).toContain("REDIS_URL: must be a redis:// or rediss:// URL");
      expect(message).toContain("SHOPIFY_APP_URL");
    }
  });

  it("refuses the sandbox session and an Admin API redirect in production", () => {
    const production = { NODE_ENV: "production", SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", APP_ENCRYPTION_KEY: "a".repeat(64), REDIS_URL: "redis://r:6379" };
    expect(() => parseEnv(production)).not.toThrow();
    expect(() => parseEnv({ ...production, CATALOG_MOTION_SANDBOX: "1" })).toThrow(/CATALOG_MOTION_SANDBOX: the sandbox session cannot be enabled in production/);
    expect(() => parseEnv({ ...production, SHOPIFY_ADMIN_API_ORIGIN: "http://127.0.0.1:1" })).toThrow(/SHOPIFY_ADMIN_API_ORIGIN/);
  });

  it("requires Shopify credentials, an encryption key and Redis in production", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/SHOPIFY_API_KEY: is required in production[\s\S]*APP_ENCRYPTION_KEY[\s\S]*REDIS_URL/);
  });
});
