// Starts what the suite needs once per run: a Redis (unless REDIS_URL is set).
// Database set-up is per test file (test/support/database.ts).
import type { TestProject } from "vitest/node";
import { startLocalRedis, type LocalRedis } from "../../scripts/local-services/redis";

let redis: LocalRedis | undefined;

export default async function setup(project: TestProject) {
  let url = process.env.REDIS_URL;
  if (!url) {
    redis = await startLocalRedis();
    url = redis.url;
  }
  project.provide("redisUrl", url);
  project.provide("redisPort", redis?.port ?? Number(new URL(url).port));
  return async () => {
    await redis?.stop();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    redisPort: number;
  }
}
