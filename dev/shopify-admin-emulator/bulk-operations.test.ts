// Bulk query operations as the emulator runs them: Shopify's query rules, the
// lifecycle, the JSONL file with __parentId lines, cancelling, the per-shop
// limit, an expiring result URL, and downloads resumed with Range or cut by a fault.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDemoCatalog } from "./demo-catalog";
import { startAdminEmulator, type AdminEmulator } from "./server";
import { firstShop, rawClient } from "./test-support";

let emulator: AdminEmulator;
beforeAll(async () => {
  emulator = await startAdminEmulator({
    catalog: createDemoCatalog({ shops: 2, productsPerShop: 6, seed: 3 }),
    seed: 3,
    bulkOperations: { maxRunningPerShop: 1, timing: { createdMs: 30, runningMs: 60 } },
  });
});
afterAll(async () => {
  await emulator.stop();
});

const RUN = `mutation Run($query: String!) { bulkOperationRunQuery(query: $query) { bulkOperation { id status } userErrors { field message code } } }`;
const RUN_GROUPED = `mutation RunGrouped($query: String!) { bulkOperationRunQuery(query: $query, groupObjects: true) { bulkOperation { id status } userErrors { field message code } } }`;
const STATUS = `query Status($id: ID!) { bulkOperation(id: $id) { id status errorCode objectCount rootObjectCount url } }`;
const CANCEL = `mutation Cancel($id: ID!) { bulkOperationCancel(id: $id) { bulkOperation { id status } userErrors { field message } } }`;

type RunData = {
  bulkOperationRunQuery: { bulkOperation: { id: string; status: string } | null; userErrors: { code: string; message: string }[] };
};
type StatusData = {
  bulkOperation: { id: string; status: string; errorCode: string | null; objectCount: string; rootObjectCount: string; url: string | null };
};

async function finished(id: string) {
  const client = rawClient(emulator, firstShop(emulator));
  for (;;) {
    const { body } = await client<StatusData>(STATUS, { id });
    const op = body.data!.bulkOperation;
    if (!["CREATED", "RUNNING", "CANCELING"].includes(op.status)) return op;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("bulk query operations", () => {
  it.each([
    ["grouped (groupObjects: true): each child right after its parent", RUN_GROUPED, true],
    ["ungrouped (groupObjects left at 2026-10's default, false): every parent first, the children after", RUN, false],
  ])("runs a query with a nested connection and writes one line per node, children with __parentId, %s", async (_, run, grouped) => {
    const client = rawClient(emulator, firstShop(emulator));
    const query = `{ products { edges { node { id title variants { edges { node { id sku } } } } } } }`;
    const { body } = await client<RunData>(run, { query });
    expect(body.data!.bulkOperationRunQuery).toMatchObject({ bulkOperation: { status: "CREATED" }, userErrors: [] });
    const op = await finished(body.data!.bulkOperationRunQuery.bulkOperation!.id);
    expect(op).toMatchObject({ status: "COMPLETED", errorCode: null, rootObjectCount: "6", objectCount: "12" });
    const lines = (await (await fetch(op.url!)).text())
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, string>);
    const products = lines.filter((l) => l.id.includes("/Product/"));
    const variants = lines.filter((l) => l.id.includes("/ProductVariant/"));
    expect(products).toHaveLength(6);
    expect(products.every((p) => p.__parentId === undefined && typeof p.title === "string" && !("variants" in p))).toBe(true);
    expect(variants).toHaveLength(6);
    const productIds = new Set(products.map((p) => p.id));
    expect(variants.every((v) => productIds.has(v.__parentId))).toBe(true);
    if (grouped) for (const v of variants) expect(lines[lines.indexOf(v) - 1].id).toBe(v.__parentId);
    else
      expect(lines.map((l) => (l.__parentId ? "variant" : "product"))).toEqual([
        ...products.map(() => "product"),
        ...variants.map(() => "variant"),
      ]);
  });

  it.each([
    ["no connection", `{ shop { name } }`, "at least one connection"],
    [
      "three levels of connections",
      `{ collections { edges { node { products { edges { node { media { edges { node { id } } } } } } } } } }`,
      "nesting depth",
    ],
    ["a field the schema does not have", `{ products { edges { node { colour } } } }`, "colour"],
  ])("refuses %s with INVALID and starts nothing", async (_, query, words) => {
    const client = rawClient(emulator, firstShop(emulator));
    const started = emulator.bulkOperations.stats.started;
    const { body } = await client<RunData>(RUN, { query });
    expect(body.data!.bulkOperationRunQuery.bulkOperation).toBeNull();
    expect(body.data!.bulkOperationRunQuery.userErrors[0]).toMatchObject({ code: "INVALID" });
    expect(body.data!.bulkOperationRunQuery.userErrors[0].message).toContain(words);
    expect(emulator.bulkOperations.stats.started).toBe(started);
  });

  it("refuses a second operation while one runs (one at a time, as before 2026-01), and cancels the running one", async () => {
    const client = rawClient(emulator, firstShop(emulator));
    const query = `{ products { edges { node { id } } } }`;
    const first = (await client<RunData>(RUN, { query })).body.data!.bulkOperationRunQuery.bulkOperation!;
    const second = (await client<RunData>(RUN, { query })).body.data!.bulkOperationRunQuery;
    expect(second.bulkOperation).toBeNull();
    expect(second.userErrors[0].code).toBe("OPERATION_IN_PROGRESS");
    await client(CANCEL, { id: first.id });
    expect(await finished(first.id)).toMatchObject({ status: "CANCELED", url: null });
  });

  it("fails with an errorCode, and a result whose URL lapsed reads EXPIRED", async () => {
    const client = rawClient(emulator, firstShop(emulator));
    const query = `{ products { edges { node { id } } } }`;
    emulator.bulkOperations.setFaults({ failWith: "INTERNAL_SERVER_ERROR" });
    const failing = (await client<RunData>(RUN, { query })).body.data!.bulkOperationRunQuery.bulkOperation!;
    expect(await finished(failing.id)).toMatchObject({ status: "FAILED", errorCode: "INTERNAL_SERVER_ERROR", url: null });
    emulator.bulkOperations.setFaults({ failWith: null, urlLifetimeMs: 0 });
    const lapsing = (await client<RunData>(RUN, { query })).body.data!.bulkOperationRunQuery.bulkOperation!;
    expect(await finished(lapsing.id)).toMatchObject({ status: "EXPIRED", url: null });
    emulator.bulkOperations.setFaults({ urlLifetimeMs: 7 * 24 * 3_600_000 });
  });

  it("serves the rest of a result file for Range: bytes=N- (206, 416 past the end), and a fault cuts every download", async () => {
    const client = rawClient(emulator, firstShop(emulator));
    const { body } = await client<RunData>(RUN, { query: `{ products { edges { node { id title } } } }` });
    const op = await finished(body.data!.bulkOperationRunQuery.bulkOperation!.id);
    const whole = Buffer.from(await (await fetch(op.url!)).arrayBuffer());
    expect(whole.length).toBeGreaterThan(100);

    const rest = await fetch(op.url!, { headers: { range: "bytes=40-" } });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes 40-${whole.length - 1}/${whole.length}`);
    expect(Buffer.from(await rest.arrayBuffer())).toEqual(whole.subarray(40));
    const past = await fetch(op.url!, { headers: { range: `bytes=${whole.length}-` } });
    expect(past.status).toBe(416);
    await past.body?.cancel();

    emulator.bulkOperations.setFaults({ cutDownloadsAfterBytes: 50 });
    const cutsBefore = emulator.bulkOperations.stats.cutDownloads;
    try {
      const cut = await fetch(op.url!);
      expect(cut.status).toBe(200);
      // The body ends early: the connection dropped after 50 bytes.
      await expect(cut.arrayBuffer()).rejects.toThrow();
      expect(emulator.bulkOperations.stats.cutDownloads).toBe(cutsBefore + 1);
      const tail = await fetch(op.url!, { headers: { range: `bytes=${whole.length - 20}-` } });
      expect(Buffer.from(await tail.arrayBuffer())).toEqual(whole.subarray(whole.length - 20));
    } finally {
      emulator.bulkOperations.setFaults({ cutDownloadsAfterBytes: null });
    }
  });

  it("lists the shop's operations through bulkOperations, filtered by status (2026-10's replacement for currentBulkOperation)", async () => {
    const client = rawClient(emulator, firstShop(emulator));
    const LIST = `query List($query: String) { bulkOperations(first: 50, query: $query) { nodes { id status } pageInfo { hasNextPage } } }`;
    type ListData = { bulkOperations: { nodes: { id: string; status: string }[]; pageInfo: { hasNextPage: boolean } } };
    const running = (await client<RunData>(RUN, { query: `{ products { edges { node { id } } } }` })).body.data!.bulkOperationRunQuery
      .bulkOperation!;
    const unfinished = await client<ListData>(LIST, { query: "status:CREATED OR status:RUNNING" });
    expect(unfinished.body.data!.bulkOperations.nodes).toEqual([{ id: running.id, status: expect.stringMatching(/^(CREATED|RUNNING)$/) }]);
    await finished(running.id);

    const all = (await client<ListData>(LIST, {})).body.data!.bulkOperations.nodes;
    expect(all.at(-1)).toEqual({ id: running.id, status: "COMPLETED" });
    expect(all.map((op) => op.status)).toEqual(expect.arrayContaining(["CANCELED", "FAILED", "EXPIRED", "COMPLETED"]));
    const completed = (await client<ListData>(LIST, { query: "status:COMPLETED" })).body.data!.bulkOperations.nodes;
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((op) => op.status === "COMPLETED")).toBe(true);
    // Another shop sees none of them; a filter the emulator does not know is refused, not ignored.
    const other = [...emulator.catalog.shops.values()].find((shop) => shop.domain !== firstShop(emulator).domain)!;
    expect((await rawClient(emulator, other)<ListData>(LIST, {})).body.data!.bulkOperations.nodes).toEqual([]);
    expect((await client(LIST, { query: "created_at:>2026-01-01" })).body.errors).toMatchObject([
      { extensions: { code: "EMULATOR_UNSUPPORTED_QUERY" } },
    ]);
  });
});
