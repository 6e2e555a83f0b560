// GET /app/batches/<id>/export: the result manifest as CSV or JSON Lines,
// streamed page by page, with spreadsheet formulas neutralised, times in the
// shop's time zone and a byte order mark for spreadsheet apps.
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, OTHER_SHOP, SHOP, startAdminRoutes, type AdminRoutes } from "../support/admin-routes";
import { addJobs } from "../support/admin-rows";
import { makeBatch } from "../support/factories";

let h: AdminRoutes;
let route: typeof import("~/routes/app.batches.$batchId.export");
let batchId: string;
let doneId: string;

beforeAll(async () => {
  h = await startAdminRoutes();
  await h.t.db.shopSettings.create({ data: { shop: SHOP, ianaTimezone: "America/New_York" } });
  batchId = (await makeBatch(h.t.db, SHOP)).id;
  [doneId] = await addJobs(h.t.db, { shop: SHOP, batchId, count: 1, status: "published", outputUrl: "https://cdn.example.com/done.mp4" });
  await h.t.db.videoJob.update({
    where: { id: doneId },
    data: {
      sku: '=HYPERLINK("http://evil")',
      credits: 4,
      fidelityScore: 0.91,
      targetSurface: "shopify-pdp",
      productTitle: '+Mug, "large" – Grüße',
      failoverUsed: true,
      renderedAt: new Date("2026-11-01T10:00:00Z"),
      publishedAt: new Date("2026-11-01T10:01:00Z"),
    },
  });
  await h.t.db.usageCharge.create({
    data: { jobId: doneId, shop: SHOP, amountCents: 60, description: "5-second product video", status: "recorded" },
  });
  await addJobs(h.t.db, { shop: SHOP, batchId, count: 1, status: "failed", errorMessage: "-1 credits left\nat the provider" });
  // Enough rows to take more than two of the export's pages.
  await addJobs(h.t.db, { shop: SHOP, batchId, count: 1_100, status: "queued" });
  route = await import("~/routes/app.batches.$batchId.export");
});
afterAll(async () => {
  await h.stop();
});

const exportOf = (format: string, id = batchId) =>
  call(route.loader, new Request(`http://localhost/app/batches/${id}/export?format=${format}`), { batchId: id });

describe("the result manifest", () => {
  it("is a CSV of every job with the agreed columns, statuses in the merchant's words, and no live formulas", async () => {
    const response = await exportOf("csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="catalog-motion-${batchId}.csv"`);
    // Read as bytes: a Response's text() drops a leading byte order mark, as every UTF-8 decoder for the web does.
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)], "a UTF-8 byte order mark first").toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8");
    const rows = parse(text, { columns: true, bom: true }) as Record<string, string>[];
    expect(Object.keys(rows[0])).toEqual([
      "sku",
      "product",
      "product_id",
      "image_url",
      "prompt",
      "surface",
      "generation_id",
      "status",
      "output_url",
      "clip_url",
      "failover_used",
      "credits",
      "charge",
      "fidelity_score",
      "fidelity_note",
      "error",
      "created_at",
      "rendered_at",
      "published_at",
    ]);
    expect(rows).toHaveLength(1_102);
    expect(new Set(rows.map((r) => r.generation_id + r.product_id + r.sku)).size).toBe(1_102);

    const done = rows.find((r) => r.output_url === "https://cdn.example.com/done.mp4")!;
    expect(done).toMatchObject({
      sku: '\'=HYPERLINK("http://evil")',
      product: '\'+Mug, "large" – Grüße',
      image_url: expect.stringMatching(/^https:\/\/cdn\.example\.com\//),
      prompt: "Slow camera push on a white sweep",
      surface: "shopify-pdp",
      status: "Live on the product page",
      failover_used: "true",
      credits: "4",
      charge: "0.60 USD",
      fidelity_score: "0.91",
      // 10:00 UTC on 1 Nov 2026 is 05:00 in New York (EST, after that morning's change from EDT).
      rendered_at: "2026-11-01T05:00:00-05:00",
      published_at: "2026-11-01T05:01:00-05:00",
    });
    const queued = rows.find((r) => r.status === "Queued")!;
    expect(queued).toMatchObject({ fidelity_score: "", surface: "16:9" });
    const failed = rows.find((r) => r.status === "Failed")!;
    expect(failed.error).toBe("'-1 credits left\nat the provider");
    expect(rows.filter((r) => r.status === "Queued")).toHaveLength(1_100);
    expect(text).not.toMatch(/\b(published|awaiting_review|queued)\b/);
  });

  it("is JSON Lines with the same fields, values kept as they are", async () => {
    const response = await exportOf("jsonl");
    expect(response.headers.get("content-type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (await response.text())
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(1_102);
    expect(lines.find((l) => l.output_url === "https://cdn.example.com/done.mp4")).toMatchObject({
      sku: '=HYPERLINK("http://evil")',
      product_id: expect.stringMatching(/^gid:\/\/shopify\/Product\//),
      status: "Live on the product page",
      failover_used: true,
      credits: 4,
      fidelity_score: 0.91,
      error: null,
      rendered_at: "2026-11-01T05:00:00-05:00",
    });
  });

  it("is a header alone for an empty batch", async () => {
    const empty = (await makeBatch(h.t.db, SHOP)).id;
    expect(Buffer.from(await (await exportOf("csv", empty)).arrayBuffer()).toString("utf8")).toBe(
      "\uFEFFsku,product,product_id,image_url,prompt,surface,generation_id,status,output_url,clip_url,failover_used,credits,charge,fidelity_score,fidelity_note,error,created_at,rendered_at,published_at\n",
    );
    expect(await (await exportOf("jsonl", empty)).text()).toBe("");
  });

  it("is a bare 404 for another shop's batch, and refuses an unknown format", async () => {
    const theirs = (await makeBatch(h.t.db, OTHER_SHOP)).id;
    await addJobs(h.t.db, { shop: OTHER_SHOP, batchId: theirs, count: 2 });
    const response = await exportOf("csv", theirs);
    expect(response.status).toBe(404);
    expect(await response.text()).toBe("Not Found");
    expect((await exportOf("xlsx")).status).toBe(400);
  });
});
