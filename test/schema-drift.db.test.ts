// Fails when prisma/postgres/schema.prisma is not what
// scripts/generate-postgres-schema.ts writes from prisma/schema.prisma, or
// when a schema changes without a migration: the database the committed
// migrations build must have exactly the structure the schema file describes.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { POSTGRES_SCHEMA as postgresSchema, postgresSchemaOf, SQLITE_SCHEMA as sqliteSchema } from "../scripts/generate-postgres-schema";

const root = path.resolve(__dirname, "..");

/** The models, fields and indexes of a schema, without comments or dialect lines. */
function datamodelOf(schema: string): string {
  return schema
    .split("\n")
    .map((line) => line.replace(/\/\/.*$/, "").trimEnd())
    .filter((line) => !/^\s*(provider|output)\s*=/.test(line))
    .filter((line) => line.trim() !== "")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n");
}

function fromEmptyScript(schema: string, databaseUrl: string): string {
  return execFileSync(
    path.join(root, "node_modules", ".bin", "prisma"),
    ["migrate", "diff", "--from-empty", "--to-schema-datamodel", schema, "--script"],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
  );
}

function describeSqlite(file: string) {
  const db = new Database(file, { readonly: true });
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .all() as { name: string }[];
  const shape = tables.map(({ name }) => ({
    name,
    // By name: ALTER TABLE ADD COLUMN appends, so column order is not the schema's concern.
    columns: (db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string; cid: number }[])
      .map(({ cid: _position, ...column }) => column)
      .sort((a, b) => a.name.localeCompare(b.name)),
    indexes: (db.prepare(`PRAGMA index_list("${name}")`).all() as { name: string; unique: number }[])
      .map((ix) => ({
        ...ix,
        columns: (db.prepare(`PRAGMA index_info("${ix.name}")`).all() as { cid: number; name: string; seqno: number }[]).map(
          ({ name, seqno }) => ({ name, seqno }),
        ),
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: db.prepare(`PRAGMA foreign_key_list("${name}")`).all(),
  }));
  db.close();
  return shape;
}

async function describePostgres(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const columns = await client.query(
    `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY table_name, column_name`,
  );
  const indexes = await client.query(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY indexname`,
  );
  const constraints = await client.query(
    `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conname <> '_prisma_migrations_pkey' ORDER BY conname`,
  );
  await client.end();
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows };
}

describe("schema drift", () => {
  const sqliteText = fs.readFileSync(sqliteSchema, "utf8");

  it("has the Postgres schema generated from the current SQLite schema", () => {
    expect(fs.readFileSync(postgresSchema, "utf8"), "run npm run db:postgres-schema").toBe(postgresSchemaOf(sqliteText));
  });

  it("generates the same models, changing only the dialect lines", () => {
    const generated = postgresSchemaOf(sqliteText);
    expect(datamodelOf(generated)).toBe(datamodelOf(sqliteText));
    expect(generated).toMatch(/^ {2}provider = "postgresql"$/m);
    expect(generated).toMatch(/^ {2}output {5}= "\.\/generated-client"$/m);
  });

  it("notices a SQLite schema changed since the Postgres one was generated", () => {
    const changed = sqliteText.replace("putFirst ", "putFirstish ");
    expect(changed).not.toBe(sqliteText);
    expect(postgresSchemaOf(changed)).not.toBe(fs.readFileSync(postgresSchema, "utf8"));
  });

  it("refuses a SQLite schema whose dialect lines it does not recognise", () => {
    expect(() => postgresSchemaOf(sqliteText.replace('provider = "sqlite"', 'provider = "mysql"'))).toThrow(/provider = "sqlite"/);
    expect(() => postgresSchemaOf(sqliteText.replace('engineType = "client"', 'engineType = "library"'))).toThrow(/engineType/);
  });

  it("builds from the committed migrations exactly what the schema describes", async () => {
    const provided = inject("database");
    if (provided.kind === "sqlite") {
      const fromSchema = path.join(provided.dir, "from-schema.db");
      const sqlite = new Database(fromSchema);
      sqlite.exec(fromEmptyScript(sqliteSchema, `file:${fromSchema}`));
      sqlite.close();
      expect(describeSqlite(provided.template)).toEqual(describeSqlite(fromSchema));
      return;
    }
    const admin = new pg.Client({ connectionString: provided.serverUrl });
    await admin.connect();
    await admin.query("DROP DATABASE IF EXISTS drift_from_schema");
    await admin.query("CREATE DATABASE drift_from_schema");
    await admin.end();
    const url = new URL(provided.serverUrl);
    url.pathname = "/drift_from_schema";
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(fromEmptyScript(postgresSchema, url.toString()));
    await client.end();
    const migrated = new URL(provided.serverUrl);
    migrated.pathname = `/${provided.template}`;
    expect(await describePostgres(migrated.toString())).toEqual(await describePostgres(url.toString()));
  });
});
