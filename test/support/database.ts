// A fresh, migrated database per caller: a copy of the template SQLite file,
// or a Postgres database cloned from the template database.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { createDatabase, type Database } from "~/db.server";

export interface TestDatabase {
  db: Database;
  url: string;
  kind: "sqlite" | "postgres";
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const provided = inject("database");
  const name = `t_${crypto.randomBytes(6).toString("hex")}`;
  if (provided.kind === "sqlite") {
    const file = path.join(provided.dir, `${name}.db`);
    fs.copyFileSync(provided.template, file);
    const url = `file:${file}`;
    const db = createDatabase(url);
    return {
      db,
      url,
      kind: "sqlite",
      async drop() {
        await db.$disconnect();
        for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
      },
    };
  }
  const admin = new pg.Client({ connectionString: provided.serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${provided.template}`);
  await admin.end();
  const url = new URL(provided.serverUrl);
  url.pathname = `/${name}`;
  const db = createDatabase(url.toString());
  return {
    db,
    url: url.toString(),
    kind: "postgres",
    async drop() {
      await db.$disconnect();
      const cleanup = new pg.Client({ connectionString: provided.serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
