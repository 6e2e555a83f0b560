// Many rows in a few statements. Through Prisma's Rust-free client, createMany
// costs about half a millisecond per job row on SQLite (bench scenario 2), so
// 10,000 jobs would take seconds; one multi-row INSERT per chunk, every value
// a bound parameter, does the same work for a fraction of that. Values go
// through the same driver adapter as the typed client's, so dates are stored
// exactly as the typed client stores and compares them.
import type { Prisma } from "@prisma/client";
import type { Dialect } from "~/db.server";
import { identifier, sqlParameters, type SqlValue } from "./parameters";

interface Tables {
  VideoJob: Prisma.VideoJobCreateManyInput & { updatedAt: Date };
  JobEvent: Prisma.JobEventCreateManyInput;
}

/**
 * Bound parameters per statement, well under SQLite's 32,766 and Postgres's
 * 65,535: every value is copied a few times on its way to the driver, and
 * statements of 5,000 values took a 100,000-job batch to 560 MB of peak RSS
 * against 400 MB at 1,000, for about the same time (bench scenario 2).
 */
const PARAMETERS_PER_STATEMENT = 1_000;

export async function insertRows<T extends keyof Tables>(
  db: Pick<Prisma.TransactionClient, "$executeRawUnsafe">,
  dialect: Dialect,
  table: T,
  rows: Tables[T][],
): Promise<number> {
  if (rows.length === 0) return 0;
  const columns = Object.keys(rows[0]);
  const head = `INSERT INTO ${identifier(table)} (${columns.map(identifier).join(", ")}) VALUES `;
  const perStatement = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / columns.length));
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters = sqlParameters(dialect);
    const tuples: string[] = [];
    for (const row of rows.slice(start, start + perStatement)) {
      const fields = row as unknown as Record<string, SqlValue | undefined>;
      if (Object.keys(fields).length !== columns.length) throw new Error(`insertRows: every ${table} row needs the same columns`);
      tuples.push(`(${columns.map((c) => parameters.add(fields[c] ?? null)).join(", ")})`);
    }
    inserted += await db.$executeRawUnsafe(head + tuples.join(", "), ...parameters.values);
  }
  return inserted;
}
