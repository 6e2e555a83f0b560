// The clip store this process uses, chosen by the environment.
import path from "node:path";
import type { AppEnv } from "~/config/env.server";
import type { ClipStore } from "./clip-store.server";
import { localClipStore } from "./local-clip-store.server";
import { s3ClipStore } from "./s3-clip-store.server";

export function clipStoreFromEnv(env: AppEnv): ClipStore {
  if (env.CLIP_STORE === "s3") {
    return s3ClipStore({
      endpoint: env.CLIP_STORE_S3_ENDPOINT,
      region: env.CLIP_STORE_S3_REGION,
      // Checked by the environment parser: an s3 store has all three.
      bucket: env.CLIP_STORE_S3_BUCKET!,
      accessKeyId: env.CLIP_STORE_S3_ACCESS_KEY_ID!,
      secretAccessKey: env.CLIP_STORE_S3_SECRET_ACCESS_KEY!,
      forcePathStyle: env.CLIP_STORE_S3_FORCE_PATH_STYLE === "1",
    });
  }
  return localClipStore(path.resolve(env.CLIP_STORE_DIR));
}
