// Seeding through the driver underneath Prisma: Prisma's createMany costs
// 0.3-1 ms per row here (scenario 2 measures exactly that), which would make
// seeding 100,000 jobs and their timelines take minutes. Values are encoded
// the way Prisma's adapters store them, so the app reads the rows as its own.
import SQLite from "better-sqlite3";
import pg from "pg";
import type { BenchDatabase } from "./database";

export type Row = Record<string, string | number | boolean | Date | null>;

function sqliteValue(value: Row[string]): string | number | null {
  // The SQLite adapter stores DateTime as ISO text with an explicit offset, Boolean as 0/1.
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}

function postgresValue(value: Row[string]): string | number | boolean | null {
  // TIMESTAMP(3) without time zone holds UTC: send it without an offset.
  if (value instanceof Date) return value.toISOString().replace("Z", "");
  return value;
}

export async function bulkInsert(target: Pick<BenchDatabase, "kind" | "url">, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const columnList = columns.map((c) => `"${c}"`).join(", ");
  if (target.kind === "sqlite") {
    const db = new SQLite(target.url.replace(/^file:/, ""));
    try {
      db.pragma("busy_timeout = 10000");
      const insert = db.prepare(`INSERT INTO "${table}" (${columnList}) VALUES (${columns.map(() => "?").join(", ")})`);
      db.transaction(() => {
        for (const row of rows) insert.run(columns.map((c) => sqliteValue(row[c])));
      })();
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Postgres takes at most 65,535 parameters per statement.
    const perStatement = Math.floor(60_000 / columns.length);
    for (let start = 0; start < rows.length; start += perStatement) {
      const chunk = rows.slice(start, start + perStatement);
      const values: (string | number | boolean | null)[] = [];
      const tuples = chunk.map(
        (row) =>
          `(${columns
            .map((c) => {
              values.push(postgresValue(row[c]));
              return `$${values.length}`;
            })
            .join(", ")})`,
      );
      await client.query(`INSERT INTO "${table}" (${columnList}) VALUES ${tuples.join(", ")}`, values);
    }
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
