// The shops with jobs waiting, and roughly how many each has: what a dispatch
// round needs to choose, read in time that does not grow with the queue.
//
// A GROUP BY over the queued rows reads every one of them (100,000 for a big
// catalog) on every round. Here the shops are found by skipping through the
// (status, shop) index, one index seek per shop (neither SQLite nor Postgres
// skips through an index by itself for DISTINCT), and each shop's waiting
// jobs are counted only up to WAITING_COUNT_CAP: the fairness rule only needs
// to tell a shop with a few waiting from one with many.
import type { Prisma } from "@prisma/client";
import type { Dialect } from "~/db.server";
import { sqlParameters } from "~/db/parameters";

type Tx = Prisma.TransactionClient;

/** Counts stop here: a shop with this many waiting or more counts as "many", and such shops share slots by rotation. */
export const WAITING_COUNT_CAP = 50;

export interface WaitingShop {
  shop: string;
  /** Jobs waiting, counted up to WAITING_COUNT_CAP. */
  waiting: number;
}

/** Every shop with a queued job, in shop order, with its waiting jobs counted up to the cap. */
export async function waitingShops(tx: Tx, dialect: Dialect): Promise<WaitingShop[]> {
  // A placeholder per use: SQLite's "?" are positional.
  const p = sqlParameters(dialect);
  const queued = () => p.add("queued");
  // Each step of the recursion is one seek: the smallest shop after the last one found.
  const rows = await tx.$queryRawUnsafe<{ shop: string; waiting: number | bigint }[]>(
    `WITH RECURSIVE "found" ("shop") AS (
       SELECT MIN("shop") FROM "VideoJob" WHERE "status" = ${queued()}
       UNION ALL
       SELECT (SELECT MIN(v."shop") FROM "VideoJob" v WHERE v."status" = ${queued()} AND v."shop" > "found"."shop")
       FROM "found" WHERE "found"."shop" IS NOT NULL
     )
     SELECT "shop",
       (SELECT COUNT(*) FROM (SELECT 1 FROM "VideoJob" w WHERE w."status" = ${queued()} AND w."shop" = "found"."shop" LIMIT ${p.add(WAITING_COUNT_CAP)}) AS "few") AS "waiting"
     FROM "found" WHERE "shop" IS NOT NULL`,
    ...p.values,
  );
  return rows.map((r) => ({ shop: r.shop, waiting: Number(r.waiting) }));
}
