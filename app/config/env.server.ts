// Environment, parsed once at start. A bad value fails at boot with a message
// naming the variable, instead of surfacing later as a confusing runtime error.
//
// Placeholder secrets exist only when the sandbox starts the app
// (CATALOG_MOTION_SANDBOX=1, refused with NODE_ENV=production) or a test does
// (NODE_ENV=test, which vitest sets). Every other start, whatever NODE_ENV says,
// needs the real Shopify key, secret and app URL, an encryption key and Redis.
import crypto from "node:crypto";
import { z } from "zod";
import { APP_SCOPES } from "./access-scopes";

const optionalUrl = z.string().url().optional();

/** Stand-ins for a sandbox or test start; nothing else ever sees them. */
const PLACEHOLDERS = {
  SHOPIFY_API_KEY: "sandbox-api-key",
  SHOPIFY_API_SECRET: "sandbox-api-secret",
  SHOPIFY_APP_URL: "http://localhost:3000",
  APP_ENCRYPTION_KEY: crypto.createHash("sha256").update("catalog-motion development key: not for production").digest("hex"),
} as const;

/** What a real start needs; the sandbox and tests get the placeholders above instead. */
const REQUIRED_OUTSIDE_SANDBOX = ["SHOPIFY_API_KEY", "SHOPIFY_API_SECRET", "SHOPIFY_APP_URL", "APP_ENCRYPTION_KEY", "REDIS_URL"] as const;

const S3_REQUIRED = ["CLIP_STORE_S3_BUCKET", "CLIP_STORE_S3_ACCESS_KEY_ID", "CLIP_STORE_S3_SECRET_ACCESS_KEY"] as const;
/** Credentials local S3-compatible servers ship with (s3rver, MinIO): fine in a test, never in a real start. */
const S3_PLACEHOLDERS = new Set(["S3RVER", "minioadmin", "changeme", "test", "sandbox-clip-store"]);

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().min(1).default("file:./prisma/dev.db"),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// or rediss:// URL")
      .optional(),
    SHOPIFY_API_KEY: z.string().optional(),
    SHOPIFY_API_SECRET: z.string().optional(),
    SHOPIFY_APP_URL: optionalUrl,
    SCOPES: z.string().default(APP_SCOPES),
    SHOP_CUSTOM_DOMAIN: z.string().optional(),
    /** 32-byte key (base64 or 64 hex chars) encrypting provider API keys at rest. */
    APP_ENCRYPTION_KEY: z.string().optional(),
    /** Public origin the video providers call back (defaults to SHOPIFY_APP_URL). */
    PUBLIC_CALLBACK_ORIGIN: optionalUrl,
    /** The operator's own provider accounts, used for shops that did not bring a key. */
    CREATIVEAI_API_KEY: z.string().min(1).optional(),
    JSON2VIDEO_API_KEY: z.string().min(1).optional(),
    CREATIVEAI_BASE_URL: z.string().url().default("https://api.creativeai.run"),
    JSON2VIDEO_BASE_URL: z.string().url().default("https://api.json2video.com"),
    /** Points Admin API calls and the Shopify library's own HTTP (token exchange, refresh) at the local emulator. Sandbox and tests only. */
    SHOPIFY_ADMIN_API_ORIGIN: optionalUrl,
    /** The emulated admin's App Bridge stand-in, loaded instead of Shopify's CDN script (Shopify's library reads it too). Sandbox and tests only. */
    APP_BRIDGE_URL: optionalUrl,
    /** Comma-separated origins finished clips may also be fetched from, plain http and loopback included (the provider simulator). Sandbox and tests only. */
    CLIP_SOURCE_DEV_ORIGINS: z
      .string()
      .default("")
      .transform((value) =>
        value
          .split(",")
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().url("must list origins such as http://127.0.0.1:4010, comma-separated"))),
    /** Set only by `npm run sandbox`: the placeholders and the emulators' redirections are allowed. */
    CATALOG_MOTION_SANDBOX: z.enum(["0", "1"]).default("0"),
    /** Shopify Billing test charges (nothing is billed): "1" or "0"; unset, test charges everywhere but NODE_ENV=production. */
    BILLING_TEST_CHARGES: z.enum(["0", "1"]).optional(),
    /** Renders in flight at the provider across every worker process (the provider quota). */
    RENDER_GLOBAL_CAP: z.coerce.number().int().min(1).max(10_000).default(10),
    /** A render still unfinished after this long is failed with a clear message. */
    RENDER_TIMEOUT_MINUTES: z.coerce.number().positive().default(15),
    /** A render still unfinished after this long is polled at the provider. */
    RENDER_POLL_AFTER_SECONDS: z.coerce.number().positive().default(300),
    /** After a worker died mid-submission, how long a retry waits for the provider's callback before submitting again. */
    SUBMIT_UNANSWERED_WAIT_SECONDS: z.coerce.number().min(0).default(300),
    /** Reconciler period. */
    RECONCILE_EVERY_SECONDS: z.coerce.number().positive().default(30),
    /** Redis key prefix of the queues: separate apps (or test runs) can share one Redis. */
    QUEUE_PREFIX: z
      .string()
      .regex(/^[a-z0-9:_-]+$/i)
      .default("bull"),
    /** Provider callbacks handled at once per web process; more get 503 + Retry-After. */
    MAX_CONCURRENT_CALLBACKS: z.coerce.number().int().min(1).max(10_000).default(64),
    WORKER_SUBMIT_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(20),
    WORKER_PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(10),
    /** Clips copied and checked at once per worker process: each runs ffprobe and ffmpeg, and waits on the download and the photo. */
    // 0: this process takes no clip checks (they run ffmpeg: a deployment may give them their own workers).
    WORKER_CLIP_CHECK_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(4),
    /** Where clips and posters are kept: a local folder (the embedded default) or S3-compatible object storage. */
    CLIP_STORE: z.enum(["local", "s3"]).default("local"),
    /** The local clip store's folder, under the app's data folder. */
    CLIP_STORE_DIR: z.string().min(1).default("data/clips"),
    /** S3-compatible store: endpoint (empty for AWS itself), region, bucket and credentials. */
    CLIP_STORE_S3_ENDPOINT: optionalUrl,
    CLIP_STORE_S3_REGION: z.string().min(1).default("us-east-1"),
    CLIP_STORE_S3_BUCKET: z.string().min(3).max(63).optional(),
    CLIP_STORE_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    CLIP_STORE_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    CLIP_STORE_S3_FORCE_PATH_STYLE: z.enum(["0", "1"]).default("1"),
    /** Clips and posters are removed this many days after their video is live on the product (Shopify keeps its own copy). */
    CLIP_RETENTION_DAYS: z.coerce.number().positive().max(3650).default(30),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.CATALOG_MOTION_SANDBOX === "1") {
      ctx.addIssue({ code: "custom", path: ["CATALOG_MOTION_SANDBOX"], message: "the sandbox cannot be started with NODE_ENV=production" });
    }
    if (env.CLIP_STORE === "s3") {
      for (const key of S3_REQUIRED) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required when CLIP_STORE=s3" });
      }
    }
    if (placeholdersAllowed(env)) return;
    if (env.SHOPIFY_ADMIN_API_ORIGIN) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ADMIN_API_ORIGIN"],
        message: "Admin API calls can be redirected only in the sandbox and in tests",
      });
    }
    if (env.APP_BRIDGE_URL) {
      ctx.addIssue({ code: "custom", path: ["APP_BRIDGE_URL"], message: "App Bridge can be replaced only in the sandbox and in tests" });
    }
    if (env.CLIP_SOURCE_DEV_ORIGINS.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["CLIP_SOURCE_DEV_ORIGINS"],
        message: "clips can be fetched from development origins only in the sandbox and in tests",
      });
    }
    if (env.CLIP_STORE === "s3") {
      for (const key of S3_REQUIRED) {
        const value = env[key];
        if (value && S3_PLACEHOLDERS.has(value))
          ctx.addIssue({ code: "custom", path: [key], message: "is a development placeholder; set the storage's real value" });
      }
    }
    for (const key of REQUIRED_OUTSIDE_SANDBOX) {
      if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "is required (only the sandbox and tests run without it)" });
    }
  })
  .transform((env) =>
    placeholdersAllowed(env)
      ? {
          ...env,
          SHOPIFY_API_KEY: env.SHOPIFY_API_KEY || PLACEHOLDERS.SHOPIFY_API_KEY,
          SHOPIFY_API_SECRET: env.SHOPIFY_API_SECRET || PLACEHOLDERS.SHOPIFY_API_SECRET,
          SHOPIFY_APP_URL: env.SHOPIFY_APP_URL || PLACEHOLDERS.SHOPIFY_APP_URL,
          APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY || PLACEHOLDERS.APP_ENCRYPTION_KEY,
        }
      : {
          ...env,
          // Checked above: a start outside the sandbox and tests has all four.
          SHOPIFY_API_KEY: env.SHOPIFY_API_KEY!,
          SHOPIFY_API_SECRET: env.SHOPIFY_API_SECRET!,
          SHOPIFY_APP_URL: env.SHOPIFY_APP_URL!,
          APP_ENCRYPTION_KEY: env.APP_ENCRYPTION_KEY!,
        },
  );

function placeholdersAllowed(env: { NODE_ENV: string; CATALOG_MOTION_SANDBOX: string }): boolean {
  return env.NODE_ENV === "test" || (env.CATALOG_MOTION_SANDBOX === "1" && env.NODE_ENV !== "production");
}

export type AppEnv = z.infer<typeof schema>;

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): AppEnv {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "(env)"}: ${i.message}`));
  }
  return result.data;
}

let cached: AppEnv | undefined;

/** The process environment, validated on first use and cached. */
export function env(): AppEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests and the sandbox change process.env between starts; this forgets the parsed copy. */
export function resetEnvForTests() {
  cached = undefined;
}
