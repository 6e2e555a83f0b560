// The database client. SQLite (a file) is the embedded default; a postgres://
// DATABASE_URL selects Postgres. Both go through Prisma's Rust-free client and
// a driver adapter, so nothing native is downloaded.
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { createRequire } from "node:module";

// Loaded only when a Postgres URL is used, and at run time rather than through
// the bundler: the generated Postgres client is CommonJS outside node_modules.
const requireAtRuntime = createRequire(import.meta.url);
function postgresClient(): typeof import("#postgres-client").PrismaClient {
  return (requireAtRuntime("#postgres-client") as typeof import("#postgres-client")).PrismaClient;
}

export type Dialect = "sqlite" | "postgres";

/** A client made by createDatabase: it knows which database it talks to, for the few statements that differ. */
export type Database = PrismaClient & { readonly dialect: Dialect };

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/**
 * The dialect a client was made with. A client that did not come from
 * createDatabase has none, and guessing one would send it statements written
 * for the other database, so it is refused.
 */
export function dialectOf(db: Database): Dialect {
  const dialect = (db as { dialect?: unknown }).dialect;
  if (dialect !== "sqlite" && dialect !== "postgres")
    throw new Error("This database client was not made by createDatabase, so its dialect is unknown");
  return dialect;
}

function withDialect(client: PrismaClient, dialect: Dialect): Database {
  return Object.defineProperty(client, "dialect", { value: dialect, enumerable: false, writable: false }) as Database;
}

export interface DatabaseOptions {
  poolSize?: number;
  /** Emit Prisma's "query" events (the benchmarks count statements). */
  logQueries?: boolean;
}

export function createDatabase(url: string, options: DatabaseOptions = {}): Database {
  if (isPostgresUrl(url)) {
    const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
    // Same models, other dialect: the two generated clients share one API.
    const PostgresPrismaClient = postgresClient();
    const client = new PostgresPrismaClient({
      adapter,
      ...(options.logQueries ? { log: [{ emit: "event" as const, level: "query" as const }] } : {}),
    });
    return withDialect(client as unknown as PrismaClient, "postgres");
  }
  // timeout is SQLite's busy timeout: a writer waits for the lock instead of
  // failing with SQLITE_BUSY when web and worker processes write at once. WAL
  // mode, which lets readers run during a write, is set once by the migrator.
  const adapter = new PrismaBetterSQLite3({ url: url.replace(/^file:/, ""), timeout: 10_000 });
  const client = new PrismaClient({
    adapter,
    ...(options.logQueries ? { log: [{ emit: "event" as const, level: "query" as const }] } : {}),
  });
  return withDialect(client, "sqlite");
}

declare global {
  var __catalogMotionDb: Database | undefined;
}

/** The process-wide client (kept across Remix dev reloads). */
export function database(): Database {
  if (!global.__catalogMotionDb) {
    const url = process.env.DATABASE_URL ?? "file:./prisma/dev.db";
    global.__catalogMotionDb = createDatabase(url);
  }
  return global.__catalogMotionDb;
}

/**
 * The file of a SQLite database, for the few jobs that need a connection of
 * the driver itself; null for an in-memory database.
 */
export async function sqliteFileOf(db: Database): Promise<string | null> {
  const files = await db.$queryRawUnsafe<{ name: string; file: string }[]>("PRAGMA database_list");
  return files.find((entry) => entry.name === "main")?.file || null;
}

/**
 * A unique-constraint violation, from either generated client (their error
 * classes differ, so match on Prisma's code rather than on the class): P2002
 * from the typed client, or a raw statement's P2010 whose driver adapter names
 * the violation (the same kind for SQLite and Postgres).
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } } };
  if (code === "P2002") return true;
  return code === "P2010" && meta?.driverAdapterError?.cause?.kind === "UniqueConstraintViolation";
}
