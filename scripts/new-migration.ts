// `npm run db:new-migration -- <name>`: writes the SQL that takes the last
// committed schema to the current one, for SQLite and for Postgres, as a new
// migration in prisma/migrations and prisma/postgres/migrations. (The Wasm
// schema engine cannot diff against a migrations folder or a live database,
// so it diffs the two schema files instead.) The Postgres schema is
// generated from the SQLite one, so it is written afresh before the diff.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { POSTGRES_SCHEMA, SQLITE_SCHEMA, writePostgresSchema } from "./generate-postgres-schema";
import { startLocalPostgres } from "./local-services/postgres";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new-migration -- <snake_case_name>");
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "catalog-motion-migration-"));
const prisma = path.join(root, "node_modules", ".bin", "prisma");

function diff(schema: string, migrations: string, databaseUrl: string) {
  const previous = path.join(tmp, path.basename(path.dirname(schema)) + "-previous.prisma");
  fs.writeFileSync(previous, execFileSync("git", ["show", `HEAD:${path.relative(root, schema)}`], { cwd: root, encoding: "utf8" }));
  const sql = execFileSync(prisma, ["migrate", "diff", "--from-schema-datamodel", previous, "--to-schema-datamodel", schema, "--script"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: "utf8",
  });
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) return false;
  const dir = path.join(migrations, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "migration.sql"), sql);
  console.log(`wrote ${path.relative(root, dir)}/migration.sql`);
  return true;
}

writePostgresSchema();
const postgres = await startLocalPostgres();
try {
  const wroteSqlite = diff(SQLITE_SCHEMA, path.join(root, "prisma", "migrations"), `file:${path.join(tmp, "diff.db")}`);
  const wrotePostgres = diff(POSTGRES_SCHEMA, path.join(root, "prisma", "postgres", "migrations"), postgres.url);
  if (!wroteSqlite && !wrotePostgres) console.log("The schemas match the last commit: no migration needed.");
} finally {
  await postgres.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
