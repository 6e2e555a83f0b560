// /app/batches: every batch of the shop, newest first, 25 a page, filtered by
// state and source; another shop's batches never appear.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loaderData, OTHER_SHOP, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.batches._index");
const titles: string[] = [];

interface Index {
  batches: { id: string; title: string; sourceLabel: string; counts: Record<string, number> }[];
  previousBefore: string | null;
  nextAfter: string | null;
}

beforeAll(async () => {
  h = await startAdminRoutes();
  const start = Date.parse("2026-11-01T00:00:00Z");
  for (let i = 0; i < 30; i++) {
    const batch = await makeBatch(h.t.db, SHOP, { title: `Batch ${i}` });
    await h.t.db.batch.update({
      where: { id: batch.id },
      data: { createdAt: new Date(start + i * 60_000), source: i % 10 === 0 ? "csv" : "picker" },
    });
    await addJobs(h.t.db, {
      shop: SHOP,
      batchId: batch.id,
      count: 1,
      status: i === 29 ? "failed" : i === 28 ? "awaiting_review" : "published",
    });
    titles.push(`Batch ${i}`);
  }
  // A request whose products were all covered made no video: not listed.
  await makeBatch(h.t.db, SHOP, { title: "Nothing new" });
  const theirs = await makeBatch(h.t.db, OTHER_SHOP, { title: "Their launch" });
  await addJobs(h.t.db, { shop: OTHER_SHOP, batchId: theirs.id, count: 1 });
  route = await import("~/routes/app.batches._index");
});
afterAll(async () => {
  await h.stop();
});

describe("the Batches index", () => {
  it("lists the shop's batches newest first, 25 a page, and pages back and forth", async () => {
    const first = await loaderData<Index>(route.loader, "/app/batches");
    expect(first.batches.map((b) => b.title)).toEqual(titles.slice(5).reverse());
    expect(first.previousBefore).toBeNull();
    const second = await loaderData<Index>(route.loader, `/app/batches?after=${first.nextAfter}`);
    expect(second.batches.map((b) => b.title)).toEqual(titles.slice(0, 5).reverse());
    expect(second.nextAfter).toBeNull();
    const back = await loaderData<Index>(route.loader, `/app/batches?before=${second.previousBefore}`);
    expect(back.batches.map((b) => b.title)).toEqual(first.batches.map((b) => b.title));
    expect(back.previousBefore).toBeNull();
    expect([...first.batches, ...second.batches].some((b) => b.title === "Their launch" || b.title === "Nothing new")).toBe(false);
  });

  it("filters by state and by source", async () => {
    const failed = await loaderData<Index>(route.loader, "/app/batches?status=failed");
    expect(failed.batches.map((b) => b.title)).toEqual(["Batch 29"]);
    const review = await loaderData<Index>(route.loader, "/app/batches?status=review");
    expect(review.batches.map((b) => b.title)).toEqual(["Batch 28"]);
    const csv = await loaderData<Index>(route.loader, "/app/batches?source=csv");
    expect(csv.batches.map((b) => [b.title, b.sourceLabel])).toEqual([
      ["Batch 20", "CSV import"],
      ["Batch 10", "CSV import"],
      ["Batch 0", "CSV import"],
    ]);
    const done = await loaderData<Index>(route.loader, "/app/batches?status=done&source=csv");
    expect(done.batches).toHaveLength(3);
  });

  it("ignores a cursor of another shop's batch and an unknown filter", async () => {
    const theirs = await h.t.db.batch.findFirstOrThrow({ where: { shop: OTHER_SHOP } });
    const page = await loaderData<Index>(route.loader, `/app/batches?after=${theirs.id}&status=nonsense&source=fax`);
    expect(page.batches[0].title).toBe("Batch 29");
  });
});
