// The raw statements on the VideoJob table (but the callback inbox's probe of
// held callbacks, which joins it and is a question about the inbox). They are
// SQL, not the typed client, where the typed client costs more than the work:
// compiling a status move or a callback's lookup costs three to four times
// running it (bench scenario 1's profile), and a catalog's 100,000 jobs are
// moved or erased in chunks far faster this way. Status is written only by the
// state machine (state-machine.server.ts), which decides every move and
// records its event: the two status statements here serve it and nothing else.
import type { Prisma } from "@prisma/client";
import { dialectOf, type Database, type Dialect } from "~/db.server";
import { identifier, sqlParameters, type SqlValue } from "~/db/parameters";
import type { ProviderName } from "~/providers/provider";
import type { JobStatus } from "./status";

type Tx = Prisma.TransactionClient;

/** Columns written with a status, by name; undefined ones are left as they are. */
export type JobColumns = Record<string, unknown>;

function assignmentsOf(columns: JobColumns, add: (value: SqlValue) => string): string {
  return Object.entries(columns)
    .filter(([, value]) => value !== undefined)
    .map(([column, value]) => `${identifier(column)} = ${add(value as SqlValue)}`)
    .join(", ");
}

/**
 * Writes `columns` on one job if it is in `status` (and, when given, on the
 * render the caller means). Returns how many rows changed: 0 or 1.
 */
export function updateJobInStatus(
  tx: Tx,
  dialect: Dialect,
  job: { id: string; status: JobStatus; generationId?: string | null },
  columns: JobColumns,
): Promise<number> {
  const p = sqlParameters(dialect);
  const assignments = assignmentsOf(columns, p.add);
  let guard = `"id" = ${p.add(job.id)} AND "status" = ${p.add(job.status)}`;
  if (job.generationId !== undefined)
    guard += job.generationId === null ? ` AND "generationId" IS NULL` : ` AND "generationId" = ${p.add(job.generationId)}`;
  return tx.$executeRawUnsafe(`UPDATE "VideoJob" SET ${assignments} WHERE ${guard}`, ...p.values);
}

/**
 * Writes `columns` on up to `limit` of a shop's jobs in `status` created no
 * later than `createdUpTo`. Returns the ids that changed.
 */
export async function updateShopJobsInStatus(
  tx: Tx,
  dialect: Dialect,
  chunk: { shop: string; status: JobStatus; createdUpTo: Date; limit: number },
  columns: JobColumns,
): Promise<string[]> {
  const p = sqlParameters(dialect);
  const assignments = assignmentsOf(columns, p.add);
  const chosen = `SELECT "id" FROM "VideoJob" WHERE "shop" = ${p.add(chunk.shop)} AND "status" = ${p.add(chunk.status)} AND "createdAt" <= ${p.add(chunk.createdUpTo)} LIMIT ${p.add(chunk.limit)}`;
  // The status again outside: on Postgres a row changed by someone else meanwhile is re-checked against it.
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "VideoJob" SET ${assignments} WHERE "id" IN (${chosen}) AND "status" = ${p.add(chunk.status)} RETURNING "id"`,
    ...p.values,
  );
  return rows.map((row) => row.id);
}

/** A video job as a provider callback needs it. */
export interface CallbackJob {
  id: string;
  shop: string;
  generationId: string | null;
  status: string;
  callbackToken: string | null;
  attemptNonce: string | null;
  submitUnansweredSince: Date | null;
}

/**
 * The job a callback is about, by its render or its own id, with only the
 * columns a callback uses. Every callback starts with this indexed lookup; as
 * SQL it costs a third of the typed client's findFirst (bench scenario 1's profile).
 */
export async function findCallbackJob(
  db: Database,
  provider: ProviderName,
  by: "generationId" | "id",
  value: string,
): Promise<CallbackJob | null> {
  const p = sqlParameters(dialectOf(db));
  const rows = await db.$queryRawUnsafe<(Omit<CallbackJob, "submitUnansweredSince"> & { submitUnansweredSince: Date | string | null })[]>(
    `SELECT "id", "shop", "generationId", "status", "callbackToken", "attemptNonce", "submitUnansweredSince" FROM "VideoJob" WHERE ${identifier(by)} = ${p.add(value)} AND "provider" = ${p.add(provider)} LIMIT 1`,
    ...p.values,
  );
  const row = rows[0];
  if (!row) return null;
  return { ...row, submitUnansweredSince: row.submitUnansweredSince === null ? null : new Date(row.submitUnansweredSince) };
}

/**
 * Up to `limit` of a shop's jobs, with what erasing them needs (their renders,
 * for the callbacks that name them). Through the typed client, this read was
 * the slowest step of erasing 100,000 jobs.
 */
export function shopJobsToErase(
  db: Database,
  shop: string,
  limit: number,
): Promise<{ id: string; provider: string; generationId: string | null }[]> {
  const p = sqlParameters(dialectOf(db));
  return db.$queryRawUnsafe(
    `SELECT "id", "provider", "generationId" FROM "VideoJob" WHERE "shop" = ${p.add(shop)} LIMIT ${p.add(limit)}`,
    ...p.values,
  );
}

/**
 * What these jobs count for against the shop's monthly credits, each row
 * locked until the transaction ends (month-credits.server.ts). On SQLite the
 * statement is a write that changes nothing, so the transaction holds the
 * write lock before it reads.
 */
export function lockJobsCreditColumns(tx: Tx, dialect: Dialect, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const p = sqlParameters(dialect);
  const list = ids.map((id) => p.add(id)).join(", ");
  const columns = `"id", "generationId", "submittedAt", "credits", "estimatedCredits", "status"`;
  return tx.$queryRawUnsafe(
    dialect === "sqlite"
      ? `UPDATE "VideoJob" SET "id" = "id" WHERE "id" IN (${list}) RETURNING ${columns}`
      : `SELECT ${columns} FROM "VideoJob" WHERE "id" IN (${list}) FOR UPDATE`,
    ...p.values,
  );
}

/**
 * SQLite: takes the write lock now (a write matching no row), so the reads
 * that follow in the transaction can be followed by writes: a transaction
 * that reads first and writes later fails when another writer commits between.
 */
export async function takeSqliteWriteLock(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe('UPDATE "VideoJob" SET "id" = "id" WHERE 0');
}
