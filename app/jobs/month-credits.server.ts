// This month's credits per shop as a running total (ShopCreditMonth), kept by
// the state machine in the same transaction as each job's move, so the check
// before every submission reads one row instead of summing the shop's jobs.
//
// What a job counts for is a function of its row alone (creditShare): once
// sent (a generation id and a send time), its reported credits, or, without
// them, its estimate unless it failed; in the month it was sent in. A move
// that can change that (sending, a result with its credits, a failure, a new
// attempt) reads the job's fields first, under the row's lock, and adds the
// difference to the month's row. The first read of a month's row recounts it
// from the jobs (budget.server.ts), which also brings in what was sent before
// these totals existed; a reconciler pass may recount it again at any time to
// correct drift, such as a row written outside the state machine.
import type { Prisma } from "@prisma/client";
import type { Dialect } from "~/db.server";
import { sqlParameters } from "~/db/parameters";
import type { JobStatus } from "./status";
import { lockJobsCreditColumns } from "./video-job-sql.server";

type Tx = Prisma.TransactionClient;

/** The fields of a job that decide what it counts for. */
export interface CreditFields {
  generationId: string | null;
  submittedAt: Date | null;
  credits: number | null;
  estimatedCredits: number;
  status: string;
}

const CREDIT_COLUMNS = ["generationId", "submittedAt", "credits", "estimatedCredits"] as const;

export function startOfMonth(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** The month a job counts in and for how many credits; null while it was never sent. */
export function creditShare(job: CreditFields): { month: Date; credits: number } | null {
  if (job.generationId === null || job.submittedAt === null) return null;
  return { month: startOfMonth(job.submittedAt), credits: job.credits ?? (job.status === "failed" ? 0 : job.estimatedCredits) };
}

/** Whether writing `fields` (a move's status, stamps and patch) on a job in one of `sources` can change what it counts for. */
export function changesCredits(fields: Record<string, unknown>, sources: readonly JobStatus[]): boolean {
  return fields.status === "failed" || sources.includes("failed") || CREDIT_COLUMNS.some((c) => fields[c] !== undefined);
}

/** The job's fields after writing `fields` on it. */
export function afterWrite(before: CreditFields, fields: Record<string, unknown>): CreditFields {
  const after = { ...before };
  for (const column of [...CREDIT_COLUMNS, "status"] as const)
    if (fields[column] !== undefined) (after as Record<string, unknown>)[column] = fields[column];
  return after;
}

/** The credit fields of these jobs, each row locked until the transaction ends (on SQLite: the write lock). */
export async function lockCreditFields(tx: Tx, dialect: Dialect, ids: readonly string[]): Promise<Map<string, CreditFields>> {
  const found = new Map<string, CreditFields>();
  for (let start = 0; start < ids.length; start += 500) {
    for (const row of await lockJobsCreditColumns(tx, dialect, ids.slice(start, start + 500)))
      found.set(String(row.id), {
        generationId: row.generationId === null ? null : String(row.generationId),
        submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt as string | Date),
        credits: row.credits === null ? null : Number(row.credits),
        estimatedCredits: Number(row.estimatedCredits),
        status: String(row.status),
      });
  }
  return found;
}

/** Adds to the shop's monthly rows what these jobs' moves changed (before -> after), in the caller's transaction. */
export async function countCreditChanges(
  tx: Tx,
  dialect: Dialect,
  shop: string,
  changes: readonly { before: CreditFields; after: CreditFields }[],
): Promise<void> {
  const byMonth = new Map<number, number>();
  const add = (share: ReturnType<typeof creditShare>, sign: 1 | -1) => {
    if (share) byMonth.set(share.month.getTime(), (byMonth.get(share.month.getTime()) ?? 0) + sign * share.credits);
  };
  for (const { before, after } of changes) {
    add(creditShare(before), -1);
    add(creditShare(after), 1);
  }
  for (const [month, credits] of byMonth) {
    if (credits === 0) continue;
    const p = sqlParameters(dialect);
    // A row made here has recounted = false: its first read recounts it from the jobs.
    await tx.$executeRawUnsafe(
      `INSERT INTO "ShopCreditMonth" ("shop", "month", "credits") VALUES (${p.add(shop)}, ${p.add(new Date(month))}, ${p.add(credits)})
       ON CONFLICT ("shop", "month") DO UPDATE SET "credits" = "ShopCreditMonth"."credits" + excluded."credits"`,
      ...p.values,
    );
  }
}

/**
 * Sets the shop's row for `month` to what its jobs count for, and returns it.
 * The row is written (SQLite: the write lock) or locked (Postgres) before the
 * jobs are summed, so a move committing meanwhile either is in the sum or
 * adds its change after it, never lost and never twice.
 */
export async function recountMonth(tx: Tx, dialect: Dialect, shop: string, month: Date): Promise<number> {
  const next = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
  const p = sqlParameters(dialect);
  const [s1, m1] = [p.add(shop), p.add(month)];
  await tx.$executeRawUnsafe(
    `INSERT INTO "ShopCreditMonth" ("shop", "month", "credits") VALUES (${s1}, ${m1}, 0) ON CONFLICT ("shop", "month") DO NOTHING`,
    ...p.values,
  );
  if (dialect === "postgres")
    await tx.$queryRawUnsafe(`SELECT 1 FROM "ShopCreditMonth" WHERE "shop" = ${s1} AND "month" = ${m1} FOR UPDATE`, shop, month);
  const q = sqlParameters(dialect);
  const [row] = await tx.$queryRawUnsafe<{ total: number | bigint | string | null }[]>(
    `SELECT SUM(CASE WHEN "credits" IS NOT NULL THEN "credits" WHEN "status" <> ${q.add("failed")} THEN "estimatedCredits" ELSE 0 END) AS "total"
     FROM "VideoJob"
     WHERE "shop" = ${q.add(shop)} AND "submittedAt" >= ${q.add(month)} AND "submittedAt" < ${q.add(next)} AND "generationId" IS NOT NULL`,
    ...q.values,
  );
  const total = Number(row?.total ?? 0);
  const u = sqlParameters(dialect);
  await tx.$executeRawUnsafe(
    `UPDATE "ShopCreditMonth" SET "credits" = ${u.add(total)}, "recounted" = ${u.add(true)} WHERE "shop" = ${u.add(shop)} AND "month" = ${u.add(month)}`,
    ...u.values,
  );
  return total;
}
