// Recorded deliveries, written a group at a time. The callback route answers
// only once its delivery is durable, and many callbacks arrive at once, so the
// deliveries waiting in this process go to the database together: one
// statement per group, ON CONFLICT telling which keys were already there.
//
// On SQLite the group also never blocks the web process. better-sqlite3 is
// synchronous, and with a busy timeout a write waiting for another process's
// lock (the worker applying deliveries) sleeps inside the call, freezing every
// request the process serves. This writer's own connection has no busy
// timeout: a busy database answers at once, and the group waits its turn
// asynchronously while the process goes on reading and verifying callbacks
// (decision 022).
import Sqlite from "better-sqlite3";
import { dialectOf, sqliteFileOf, type Database, type Dialect } from "~/db.server";
import { identifier, sqlParameters, type SqlValue } from "~/db/parameters";

export interface DeliveryRow {
  provider: string;
  deliveryKey: string;
  generationId: string;
  status: string;
  body: string;
  headers: string;
  receivedAt: Date;
  result: string | null;
  appliedAt: Date | null;
}

const COLUMNS = ["provider", "deliveryKey", "generationId", "status", "body", "headers", "receivedAt", "result", "appliedAt"] as const;

/** Rows per statement: 9 values each, well under either database's parameter limit. */
const GROUP_MAX = 100;
/** How long a group may wait for SQLite's write lock before the callbacks are answered 503 (providers retry). */
export const LOCK_WAIT_MS = 5_000;
const RETRY_FIRST_MS = 1;
const RETRY_MAX_MS = 8;

interface Waiting {
  row: DeliveryRow;
  done: (recorded: boolean) => void;
  failed: (error: Error) => void;
}

/** Writes one group and answers the keys it stored. */
type WriteGroup = (rows: DeliveryRow[]) => Promise<string[]>;

class DeliveryWriter {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly write: Promise<WriteGroup>) {}

  /** Resolves true once the row is stored, false when its key was stored before (a repeated delivery). */
  record(row: DeliveryRow): Promise<boolean> {
    return new Promise((done, failed) => {
      this.waiting.push({ row, done, failed });
      // Callbacks that arrive while a group is being written form the next one.
      if (!this.writing) {
        this.writing = true;
        setImmediate(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const group = this.waiting.splice(0, GROUP_MAX);
      try {
        const fresh = new Set(await (await this.write)(group.map((w) => w.row)));
        // A key twice in one group is stored once: the first delivery has it.
        for (const w of group) w.done(fresh.delete(w.row.deliveryKey));
      } catch (error) {
        for (const w of group) w.failed(error as Error);
      }
    }
    this.writing = false;
  }
}

const writers = new WeakMap<Database, DeliveryWriter>();

/** Stores a delivery under its unique key, with the others waiting in this process; false when the key was stored before. */
export function recordDeliveryRow(db: Database, row: DeliveryRow): Promise<boolean> {
  let writer = writers.get(db);
  if (!writer) {
    // A writer that could not be set up is forgotten, so the next callback tries again.
    const setUp = groupWriter(db).catch((error: unknown) => {
      writers.delete(db);
      throw error;
    });
    writer = new DeliveryWriter(setUp);
    writers.set(db, writer);
  }
  return writer.record(row);
}

function insertStatement(dialect: Dialect, rows: DeliveryRow[]): { sql: string; values: SqlValue[] } {
  const p = sqlParameters(dialect);
  const tuples = rows.map((row) => `(${COLUMNS.map((c) => p.add(row[c])).join(", ")})`);
  const sql = `INSERT INTO "ProviderCallback" (${COLUMNS.map(identifier).join(", ")}) VALUES ${tuples.join(", ")}
    ON CONFLICT ("deliveryKey") DO NOTHING RETURNING "deliveryKey"`;
  return { sql, values: p.values };
}

async function groupWriter(db: Database): Promise<WriteGroup> {
  const dialect = dialectOf(db);
  const throughClient: WriteGroup = async (rows) => {
    const { sql, values } = insertStatement(dialect, rows);
    return (await db.$queryRawUnsafe<{ deliveryKey: string }[]>(sql, ...values)).map((r) => r.deliveryKey);
  };
  // Postgres's driver is asynchronous: waiting for a lock blocks nothing.
  if (dialect === "postgres") return throughClient;
  const file = await sqliteFileOf(db);
  // An in-memory database has no file for a second connection.
  if (!file) return throughClient;
  const connection = new Sqlite(file, { timeout: 0 });
  return (rows) => {
    const { sql, values } = insertStatement(dialect, rows);
    return writeWhenFree(connection, sql, values.map(sqliteValue));
  };
}

/** Tries at once and, while another connection holds the write lock, again after a short pause, never sleeping in the driver. */
async function writeWhenFree(connection: Sqlite.Database, sql: string, values: SqlValue[]): Promise<string[]> {
  const statement = connection.prepare(sql);
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (let pause = RETRY_FIRST_MS; ; pause = Math.min(RETRY_MAX_MS, pause * 2)) {
    try {
      return (statement.all(...values) as { deliveryKey: string }[]).map((r) => r.deliveryKey);
    } catch (error) {
      if (!String((error as { code?: string }).code).startsWith("SQLITE_BUSY") || Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Dates as Prisma's SQLite adapter stores them (ISO 8601 with an explicit offset), so the typed client reads them back. */
function sqliteValue(value: SqlValue): SqlValue {
  if (value instanceof Date) return value.toISOString().replace("Z", "+00:00");
  if (typeof value === "boolean") return value ? 1 : 0;
  return value;
}
