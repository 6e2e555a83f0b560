// Starts what the suite needs once per run: a Redis (unless REDIS_URL is set)
// and a migrated template database that each test file copies
// (test/support/database.ts). TEST_DATABASE=postgres runs the suite on a
// Postgres cluster started here (or on TEST_POSTGRES_URL when given).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startLocalRedis, type LocalRedis } from "../../scripts/local-services/redis";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/local-services/postgres";
import { migrateDatabase } from "../../scripts/migrate";

export const TEMPLATE_DB = "catalog_motion_template";

export default async function setup(project: TestProject) {
  let redis: LocalRedis | undefined;
  let postgres: LocalPostgres | undefined;
  let tmp: string | undefined;

  let redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    redis = await startLocalRedis();
    redisUrl = redis.url;
  }
  project.provide("redisUrl", redisUrl);

  if (process.env.TEST_DATABASE === "postgres") {
    let serverUrl = process.env.TEST_POSTGRES_URL;
    if (!serverUrl) {
      postgres = await startLocalPostgres();
      serverUrl = postgres.url;
    }
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = new URL(serverUrl);
    templateUrl.pathname = `/${TEMPLATE_DB}`;
    await migrateDatabase(templateUrl.toString());
    project.provide("database", { kind: "postgres", serverUrl, template: TEMPLATE_DB });
  } else {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-test-"));
    const template = path.join(tmp, "template.db");
    await migrateDatabase(`file:${template}`);
    project.provide("database", { kind: "sqlite", template, dir: tmp });
  }

  return async () => {
    await redis?.stop();
    await postgres?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  };
}

export type ProvidedDatabase =
  { kind: "sqlite"; template: string; dir: string } | { kind: "postgres"; serverUrl: string; template: string };

declare module "vitest" {
  export interface ProvidedContext {
    redisUrl: string;
    database: ProvidedDatabase;
  }
}
