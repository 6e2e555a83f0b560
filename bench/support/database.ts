// Databases for the scenarios: one migrated template per run, then a cheap
// copy per scenario (a file copy on SQLite, CREATE DATABASE ... TEMPLATE on
// Postgres), so every scenario starts from an empty schema without paying for
// a migration each time.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { createDatabase, type Database } from "~/db.server";
import { migrateDatabase } from "../../scripts/migrate";
import { startLocalPostgres, type LocalPostgres } from "../../scripts/local-services/postgres";

export type DatabaseKind = "sqlite" | "postgres";

export interface BenchDatabase {
  url: string;
  kind: DatabaseKind;
  /** A client of the bench's own, for seeding and checking. */
  db: Database;
  drop(): Promise<void>;
}

export interface DatabaseFactory {
  kind: DatabaseKind;
  create(label: string): Promise<BenchDatabase>;
  stop(): Promise<void>;
}

export async function startDatabaseFactory(options: { postgres: boolean; dir: string }): Promise<DatabaseFactory> {
  return options.postgres ? postgresFactory() : sqliteFactory(options.dir);
}

async function sqliteFactory(dir: string): Promise<DatabaseFactory> {
  const template = path.join(dir, "template.db");
  await migrateDatabase(`file:${template}`);
  return {
    kind: "sqlite",
    async create(label) {
      const file = path.join(dir, `${label}-${crypto.randomBytes(3).toString("hex")}.db`);
      // The migrator closed the template cleanly, so the WAL is checkpointed
      // into the main file and the journal mode (WAL) is in its header.
      fs.copyFileSync(template, file);
      const url = `file:${file}`;
      const db = createDatabase(url);
      return {
        url,
        kind: "sqlite",
        db,
        async drop() {
          await db.$disconnect();
          for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
        },
      };
    },
    async stop() {
      fs.rmSync(template, { force: true });
    },
  };
}

async function postgresFactory(): Promise<DatabaseFactory> {
  const server: LocalPostgres = await startLocalPostgres();
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  const urlOf = (name: string) => {
    const url = new URL(server.url);
    url.pathname = `/${name}`;
    return url.toString();
  };
  await admin((c) => c.query("CREATE DATABASE bench_template"));
  await migrateDatabase(urlOf("bench_template"));
  return {
    kind: "postgres",
    async create(label) {
      const name = `${label.replace(/[^a-z0-9]/gi, "_").toLowerCase()}_${crypto.randomBytes(3).toString("hex")}`;
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE bench_template`));
      const url = urlOf(name);
      const db = createDatabase(url);
      return {
        url,
        kind: "postgres",
        db,
        async drop() {
          await db.$disconnect();
          await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
        },
      };
    },
    stop: () => server.stop(),
  };
}
