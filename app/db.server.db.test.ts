import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/support/database";
import { dialectOf, type Database } from "./db.server";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.drop());

it("carries the dialect of the database it was made for", async () => {
  expect(dialectOf(database.db)).toBe(database.kind);
  // The statements written for that dialect run on it.
  const rows = await database.db.$queryRawUnsafe<{ one: number }[]>(
    database.kind === "postgres" ? "SELECT $1::int AS one" : "SELECT ? AS one",
    1,
  );
  expect(Number(rows[0].one)).toBe(1);
});

it("refuses a client it did not make rather than guess its dialect", () => {
  const stranger = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: ":memory:" }) }) as unknown as Database;
  expect(() => dialectOf(stranger)).toThrow(/not made by createDatabase/);
});
