import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvChunk, exportRowOf, jsonlChunk, neutraliseFormula } from "./result-manifest.server";

describe("neutraliseFormula", () => {
  it("makes a cell that a spreadsheet would run as a formula plain text", () => {
    for (const cell of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://evil","x")']) {
      expect(neutraliseFormula(cell)).toBe(`'${cell}`);
    }
  });

  it("leaves every other cell as it is", () => {
    for (const cell of [
      "Ceramic mug",
      "SKU-1",
      "https://cdn.example.com/a.mp4",
      "",
      " =not first",
      "2026-11-01T10:00:00.000Z",
      "'quoted",
    ]) {
      expect(neutraliseFormula(cell)).toBe(cell);
    }
  });
});

const job = {
  sku: "@SKU",
  productTitle: 'Mug, "large"\nwhite',
  productId: "gid://shopify/Product/1",
  imageUrl: "https://cdn.example.com/mug.jpg",
  prompt: "=slow push",
  targetSurface: null,
  aspectRatio: "9:16",
  fidelityScore: null,
  generationId: "gen_1",
  status: "failed",
  outputUrl: null,
  failoverUsed: false,
  credits: null,
  errorMessage: "-1 credits",
  createdAt: new Date("2026-11-01T09:00:00Z"),
  renderedAt: null,
  publishedAt: null,
};

describe("the result manifest's rows", () => {
  it("write as CSV that a CSV reader gets back intact, neutralised, with statuses in the merchant's words", () => {
    const text = csvChunk([exportRowOf(job)], true);
    expect(parse(text, { columns: true })).toEqual([
      {
        sku: "'@SKU",
        product: 'Mug, "large"\nwhite',
        product_id: "gid://shopify/Product/1",
        image_url: "https://cdn.example.com/mug.jpg",
        prompt: "'=slow push",
        surface: "9:16",
        generation_id: "gen_1",
        status: "Failed",
        output_url: "",
        clip_url: "",
        failover_used: "false",
        credits: "",
        charge: "",
        fidelity_score: "",
        fidelity_note: "",
        error: "'-1 credits",
        created_at: "2026-11-01T09:00:00+00:00",
        rendered_at: "",
        published_at: "",
      },
    ]);
    expect(csvChunk([exportRowOf(job)], false).startsWith("'@SKU,")).toBe(true);
  });

  it("write as one JSON object per line, unaltered", () => {
    expect(JSON.parse(jsonlChunk([exportRowOf({ ...job, status: "awaiting_review" })]))).toMatchObject({
      sku: "@SKU",
      error: "-1 credits",
      status: "Waiting for your review",
      credits: null,
    });
  });
});
