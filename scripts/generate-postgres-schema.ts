// `npm run db:postgres-schema`: writes prisma/postgres/schema.prisma from
// prisma/schema.prisma. A generated client speaks one database dialect, so
// Postgres needs its own schema file; its models are the SQLite schema's,
// and only the dialect lines differ. `npm run db:new-migration` runs this
// before it diffs, and test/schema-drift.db.test.ts fails when the file is
// not what this writes.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SQLITE_SCHEMA = path.join(root, "prisma", "schema.prisma");
export const POSTGRES_SCHEMA = path.join(root, "prisma", "postgres", "schema.prisma");

const HEADER = `// Generated from prisma/schema.prisma by \`npm run db:postgres-schema\`
// (scripts/generate-postgres-schema.ts): edit that file, not this one.
// The Postgres schema: production and scale-out.
`;

/** Replaces exactly one match, so a reworded SQLite schema stops the script instead of yielding a half-converted file. */
function replaceOnce(text: string, pattern: RegExp, replacement: string, what: string): string {
  const matches = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : pattern.flags + "g"));
  if (matches?.length !== 1) throw new Error(`prisma/schema.prisma: expected ${what} once, found it ${matches?.length ?? 0} times`);
  return text.replace(pattern, replacement);
}

/** The Postgres schema for a SQLite schema's text. */
export function postgresSchemaOf(sqlite: string): string {
  let schema = replaceOnce(sqlite, /^(?:\/\/.*\n)+\n/, `${HEADER}\n`, "a leading comment block");
  schema = replaceOnce(
    schema,
    /^( {2}engineType = "client"\n)/m,
    `$1  // A second client: a generated client speaks one database dialect.\n  output     = "./generated-client"\n`,
    `the generator's engineType = "client" line`,
  );
  return replaceOnce(schema, /^( {2}provider = )"sqlite"$/m, `$1"postgresql"`, `the datasource's provider = "sqlite" line`);
}

export function writePostgresSchema(): void {
  fs.writeFileSync(POSTGRES_SCHEMA, postgresSchemaOf(fs.readFileSync(SQLITE_SCHEMA, "utf8")));
  console.log(`wrote ${path.relative(root, POSTGRES_SCHEMA)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) writePostgresSchema();
