// A shop task that fails keeps its row unfinished with the reason and the
// attempt counted, so the sweep queues it again and an operator can read why;
// a task whose shop was erased meanwhile is simply done.
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/support/database";
import { runShopTask } from "./shop-task-worker.server";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

it("records why a task failed and leaves it owed", async () => {
  await t.db.shopTask.create({ data: { id: "task-unknown-kind", shop: "odd.myshopify.com", kind: "paint-it-blue" } });
  await expect(runShopTask(t.db, "task-unknown-kind")).rejects.toThrow('"paint-it-blue" is not a kind of shop task');
  const task = await t.db.shopTask.findUniqueOrThrow({ where: { id: "task-unknown-kind" } });
  expect(task).toMatchObject({ attempts: 1, finishedAt: null, lastError: '"paint-it-blue" is not a kind of shop task' });
});

it("treats a task that no longer exists as done", async () => {
  expect(await runShopTask(t.db, "task-erased-with-its-shop")).toBe("already-done");
});
