// Brings a database up to date with the committed migrations.
//   SQLite:   `prisma migrate deploy` (works with the Rust-free engine).
//   Postgres: the Wasm schema engine cannot run `migrate deploy` on Postgres,
//             so pending migration files are applied here, each in its own
//             transaction under an advisory lock, and recorded in Prisma's own
//             `_prisma_migrations` table so the standard tooling agrees later.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Database from "better-sqlite3";

/** PRAGMA auto_vacuum's value for INCREMENTAL. */
const INCREMENTAL = 2;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function migrateDatabase(url: string, log: (line: string) => void = () => {}): Promise<void> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    await migratePostgres(url, log);
    return;
  }
  const file = path.resolve(root, url.replace(/^file:/, ""));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: `file:${file}` },
    stdio: "pipe",
  });
  const sqlite = new Database(file);
  // Space freed by deletes goes back to the file system when the app asks
  // (PRAGMA incremental_vacuum after purging held callbacks; decision 006).
  // The mode only takes effect on a database that has no tables yet or after
  // one VACUUM, and migrate deploy has made the tables by now.
  if (sqlite.pragma("auto_vacuum", { simple: true }) !== INCREMENTAL) {
    sqlite.pragma("auto_vacuum = INCREMENTAL");
    sqlite.exec("VACUUM");
  }
  // WAL lets readers run while a writer writes; the mode is stored in the file.
  sqlite.pragma("journal_mode = WAL");
  sqlite.close();
  log(`SQLite database ready at ${file}`);
}

async function migratePostgres(url: string, log: (line: string) => void) {
  const dir = path.join(root, "prisma", "postgres", "migrations");
  const names = fs
    .readdirSync(dir)
    .filter((n) => fs.statSync(path.join(dir, n)).isDirectory())
    .sort();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(72707369)");
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const applied = await client.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Map(applied.rows.map((r) => [r.migration_name, r.checksum]));
    for (const name of names) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = crypto.createHash("sha256").update(sql).digest("hex");
      if (done.has(name)) {
        if (done.get(name) !== checksum) throw new Error(`Migration ${name} was edited after it was applied`);
        continue;
      }
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), checksum, name],
        );
        await client.query("COMMIT");
        log(`applied ${name}`);
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`Migration ${name} failed: ${(error as Error).message}`);
      }
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock(72707369)").catch(() => {});
    await client.end();
  }
  log("Postgres database ready");
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  migrateDatabase(process.env.DATABASE_URL ?? "file:./prisma/dev.db", (line) => console.log(line)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
