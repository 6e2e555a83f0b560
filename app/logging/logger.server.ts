// One structured logger for web and worker processes. Secrets are redacted by
// key name wherever they appear, so a stray object never leaks a key or token.
import pino from "pino";

export const REDACTED_KEYS = [
  "apiKey",
  "providerApiKey",
  "accessToken",
  "token",
  "callbackToken",
  "authorization",
  "Authorization",
  "password",
  "secret",
  "x-shopify-access-token",
];

export const logger = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  base: { service: process.env.CATALOG_MOTION_SERVICE ?? "web" },
  redact: {
    paths: REDACTED_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `headers["${k.toLowerCase()}"]`]),
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
