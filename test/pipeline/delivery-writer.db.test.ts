// Deliveries written a group at a time: each caller learns whether its key was
// new, a row is stored once whatever arrives together, what is stored reads
// back through the typed client as written, and on SQLite a write waiting for
// another process's lock leaves this process free to serve.
import Sqlite from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { sqliteFileOf } from "~/db.server";
import { recordDeliveryRow, type DeliveryRow } from "~/pipeline/delivery-writer.server";
import { createTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

function row(key: string, receivedAt = new Date()): DeliveryRow {
  return {
    provider: "creativeai",
    deliveryKey: key,
    generationId: `gen-${key}`,
    status: "completed",
    body: `{"id":"gen-${key}","note":"café ✓"}`,
    headers: "{}",
    receivedAt,
    result: JSON.stringify({ generationId: `gen-${key}`, status: "completed" }),
    appliedAt: null,
  };
}

it("stores each key once and tells the first caller it was new, the others that it was a repeat", async () => {
  const receivedAt = new Date("2026-12-03T10:11:12.345Z");
  const answers = await Promise.all([
    recordDeliveryRow(t.db, row("a", receivedAt)),
    recordDeliveryRow(t.db, row("b")),
    recordDeliveryRow(t.db, row("a")),
    recordDeliveryRow(t.db, row("c")),
  ]);
  expect(answers).toEqual([true, true, false, true]);
  expect(await recordDeliveryRow(t.db, row("b"))).toBe(false);

  const stored = await t.db.providerCallback.findMany({ orderBy: { deliveryKey: "asc" } });
  expect(stored.map((r) => r.deliveryKey)).toEqual(["a", "b", "c"]);
  // Written outside the typed client, read back through it exactly.
  expect(stored[0].receivedAt.toISOString()).toBe(receivedAt.toISOString());
  expect(stored[0].body).toBe('{"id":"gen-a","note":"café ✓"}');
  expect(stored[0].appliedAt).toBeNull();
  expect(await t.db.providerCallback.count({ where: { appliedAt: null, receivedAt: { lte: new Date() } } })).toBe(3);
});

it("writes hundreds of deliveries that arrive at once, each answered", async () => {
  const keys = Array.from({ length: 350 }, (_, i) => `many-${i}`);
  const answers = await Promise.all(keys.map((k) => recordDeliveryRow(t.db, row(k))));
  expect(answers.every((a) => a === true)).toBe(true);
  expect(await t.db.providerCallback.count({ where: { deliveryKey: { startsWith: "many-" } } })).toBe(350);
});

/** Another connection, inside a transaction that has written the key and not committed. */
async function holdingKey(key: string): Promise<{ commit(): Promise<void> }> {
  const insert = `INSERT INTO "ProviderCallback" ("provider", "deliveryKey", "generationId", "status", "body") VALUES ('creativeai', '${key}', 'g', 'completed', '{}')`;
  if (t.kind === "postgres") {
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    await other.query("BEGIN");
    await other.query(insert);
    return { commit: async () => void (await other.query("COMMIT"), await other.end()) };
  }
  const file = (await sqliteFileOf(t.db))!;
  const other = new Sqlite(file);
  other.exec("BEGIN IMMEDIATE");
  other.exec(insert);
  return { commit: async () => void (other.exec("COMMIT"), other.close()) };
}

it("waits for another connection's write without blocking this process, then answers by what that write stored", async () => {
  const other = await holdingKey("contended");
  let ticks = 0;
  const ticker = setInterval(() => (ticks += 1), 5);
  let settled = false;
  const recorded = recordDeliveryRow(t.db, row("contended")).finally(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 300));
  // A driver sleeping in its busy handler would have frozen the timers too.
  expect(settled).toBe(false);
  expect(ticks).toBeGreaterThan(10);
  await other.commit();
  // The other connection stored the key first: this delivery is the repeat.
  expect(await recorded).toBe(false);
  clearInterval(ticker);
  expect(await t.db.providerCallback.count({ where: { deliveryKey: "contended" } })).toBe(1);
});
