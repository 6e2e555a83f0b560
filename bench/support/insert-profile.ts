// Where createBatch's time goes, for scenario 2: the same job rows inserted
// three ways on a fresh database (Prisma createMany, as createBatch does; one
// multi-row INSERT per chunk through Prisma's $executeRaw; the driver alone),
// in microseconds per row, with the process's RSS growth for createMany.
import crypto from "node:crypto";
import type { ScenarioContext } from "../registry";
import { figure, type Figure } from "../report";
import { bulkInsert, type Row } from "./bulk-insert";
import { round } from "./stats";

function jobRow(batchId: string, i: number, tag: string): Row {
  return {
    id: crypto.randomUUID(),
    shop: "bench-inserts.myshopify.com",
    batchId,
    productId: `gid://shopify/Product/${i}`,
    productTitle: `Bench product ${i}`,
    variantId: null,
    sku: `SKU-${i}`,
    imageUrl: `https://cdn.example.com/catalog/${i}.jpg`,
    prompt: "5-second product hero shot, slow camera push",
    model: "kling-v3",
    duration: 5,
    aspectRatio: "16:9",
    targetSurface: null,
    requestKey: `${tag}-${i}`,
    provider: "creativeai",
    status: "queued",
    callbackToken: null,
    estimatedCredits: 3,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

export async function profileInserts(ctx: ScenarioContext, rows: number): Promise<{ figures: Figure[]; details: Record<string, number> }> {
  const bdb = await ctx.databases.create("inserts");
  try {
    const batchId = crypto.randomUUID();
    await bdb.db.batch.create({ data: { id: batchId, shop: "bench-inserts.myshopify.com", source: "csv", title: "inserts" } });
    const make = (tag: string) => Array.from({ length: rows }, (_, i) => jobRow(batchId, i, tag));
    // Warm the client's query compiler and the page cache first.
    await bdb.db.videoJob.createMany({ data: make("warm").slice(0, 100) as never });

    const prismaRows = make("prisma");
    const rss0 = process.memoryUsage().rss;
    let t = performance.now();
    await bdb.db.videoJob.createMany({ data: prismaRows as never });
    const createManyUs = ((performance.now() - t) / rows) * 1000;
    const createManyRssMb = (process.memoryUsage().rss - rss0) / 1024 / 1024;

    const rawRows = make("raw");
    const columns = Object.keys(rawRows[0]);
    const postgres = bdb.kind === "postgres";
    t = performance.now();
    const perStatement = Math.floor((postgres ? 60_000 : 30_000) / columns.length);
    for (let start = 0; start < rawRows.length; start += perStatement) {
      const chunk = rawRows.slice(start, start + perStatement);
      const values: unknown[] = [];
      const tuples = chunk.map(
        (row) =>
          `(${columns
            .map((c) => {
              const v = row[c];
              values.push(v instanceof Date ? (postgres ? v : v.toISOString().replace("Z", "+00:00")) : v);
              return postgres ? `$${values.length}` : "?";
            })
            .join(", ")})`,
      );
      await bdb.db.$executeRawUnsafe(
        `INSERT INTO "VideoJob" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES ${tuples.join(", ")}`,
        ...values,
      );
    }
    const rawUs = ((performance.now() - t) / rows) * 1000;

    const driverRows = make("driver");
    t = performance.now();
    await bulkInsert(bdb, "VideoJob", driverRows);
    const driverUs = ((performance.now() - t) / rows) * 1000;

    const label = rows.toLocaleString("en-US");
    return {
      figures: [
        figure({
          id: "profile.insert_us.prisma_createmany",
          label: `Profile: insert ${label} job rows, Prisma createMany (createBatch's way), per row`,
          value: round(createManyUs, 0),
          unit: "µs",
          anchor: { value: driverUs, what: "driver" },
          goal: null,
          note: `RSS +${round(createManyRssMb, 0)} MB`,
        }),
        figure({
          id: "profile.insert_us.prisma_raw",
          label: "Profile: same rows, multi-row INSERT via Prisma $executeRaw, per row",
          value: round(rawUs, 0),
          unit: "µs",
          anchor: { value: driverUs, what: "driver" },
          goal: null,
        }),
        figure({
          id: "profile.insert_us.driver",
          label: `Profile: same rows, the driver alone (${postgres ? "pg, multi-row" : "better-sqlite3, one transaction"}), per row`,
          value: round(driverUs, 1),
          unit: "µs",
          anchor: null,
          goal: null,
        }),
      ],
      details: { rows, createManyUs, createManyRssMb, rawUs, driverUs },
    };
  } finally {
    await bdb.drop();
  }
}
