import { describe, expect, it } from "vitest";
import { MAX_MANIFEST_BYTES } from "~/security/body-limits.server";
import { MAX_MANIFEST_ROWS, parseManifest, type ManifestParse } from "./manifest-csv.server";

const HEADER = "sku,image_url,video_prompt,collection,target_surface";

function ok(result: ManifestParse) {
  if (!result.ok) throw new Error(`expected a readable manifest, got: ${result.error}`);
  return result;
}

function fatal(result: ManifestParse): string {
  if (result.ok) throw new Error("expected the whole file to be refused");
  return result.error;
}

describe("parseManifest: reading the file", () => {
  it("reads the seed's manifest, with commas inside quoted prompts", async () => {
    const { rows, problems } = ok(
      await parseManifest(
        [
          HEADER,
          'SKU-1001,https://cdn.example.com/catalog/mug-hero.jpg,"5-second product hero shot, slow camera push, clean white sweep",new-arrivals,shopify-pdp',
          'SKU-1003,https://cdn.example.com/catalog/bag-hero.jpg,"5-second lifestyle motion, soft natural light, premium editorial feel",paid-social,meta-ads',
        ].join("\n"),
      ),
    );
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        sku: "SKU-1001",
        imageUrl: "https://cdn.example.com/catalog/mug-hero.jpg",
        prompt: "5-second product hero shot, slow camera push, clean white sweep",
        collection: "new-arrivals",
        targetSurface: "shopify-pdp",
        surface: expect.objectContaining({ id: "product-page", aspectRatio: "16:9" }),
      },
      expect.objectContaining({
        line: 3,
        sku: "SKU-1003",
        targetSurface: "meta-ads",
        surface: expect.objectContaining({ id: "social", aspectRatio: "9:16" }),
      }),
    ]);
  });

  it("keeps line breaks and doubled quotes inside quoted fields, and numbers lines as the file has them", async () => {
    const { rows, problems } = ok(
      await parseManifest(
        [
          HEADER,
          'A-1,https://cdn.example.com/a.jpg,"Two lines:\nslow push, then ""hero"" pause",,',
          "",
          "B-2,https://cdn.example.com/b.jpg,,,",
          "C-3,not a url,,,",
        ].join("\n"),
      ),
    );
    expect(rows.map((r) => [r.line, r.sku, r.prompt])).toEqual([
      [2, "A-1", 'Two lines:\nslow push, then "hero" pause'],
      [5, "B-2", null],
    ]);
    expect(problems.map((p) => p.line)).toEqual([6]);
  });

  it("reads a byte-order mark and Windows line endings (CRLF), also inside quotes", async () => {
    const bytes = new TextEncoder().encode(
      `\uFEFF${HEADER}\r\nA-1,https://cdn.example.com/a.jpg,"one\r\ntwo",,\r\nB-2,https://cdn.example.com/b.jpg,,,\r\nC-3,bad,,,\r\n`,
    );
    const { rows, problems } = ok(await parseManifest(bytes));
    expect(rows.map((r) => [r.line, r.sku, r.prompt])).toEqual([
      [2, "A-1", "one\ntwo"],
      [4, "B-2", null],
    ]);
    expect(problems).toEqual([{ line: 5, sku: "C-3", reason: expect.stringContaining("image_url is not a web address") }]);
  });

  it("accepts the columns in any order and case, and only the required ones", async () => {
    const { rows } = ok(await parseManifest("Image_URL, SKU\nhttps://cdn.example.com/a.jpg,A-1\n"));
    expect(rows).toEqual([
      {
        line: 2,
        sku: "A-1",
        imageUrl: "https://cdn.example.com/a.jpg",
        prompt: null,
        collection: null,
        targetSurface: null,
        surface: null,
      },
    ]);
  });

  it("skips empty lines and rows of empty cells without calling them problems", async () => {
    const { rows, problems } = ok(await parseManifest(`${HEADER}\n\n,,,,\n , , , , \nA-1,https://cdn.example.com/a.jpg,,,\n\n`));
    expect(rows.map((r) => r.line)).toEqual([5]);
    expect(problems).toEqual([]);
  });
});

describe("parseManifest: bad rows are reported and the good ones go ahead", () => {
  it("reports each bad row with its line and why", async () => {
    const { rows, problems } = ok(
      await parseManifest(
        [
          HEADER,
          ",https://cdn.example.com/a.jpg,,,",
          "A-2,ftp://cdn.example.com/a.jpg,,,",
          "A-3,javascript:alert(1),,,",
          "A-4,/images/a.jpg,,,",
          "A-5,https://cdn.example.com/a.jpg,,,billboard",
          "A-6,https://cdn.example.com/a.jpg,ok,,",
          `A-7,https://cdn.example.com/a.jpg,${"x".repeat(1_001)},,`,
          "A-8,https://cdn.example.com/a.jpg",
          "A-9,https://cdn.example.com/a.jpg,,,,extra",
          "A-10,https://cdn.example.com/a.jpg,,,SOCIAL",
        ].join("\n"),
      ),
    );
    expect(rows.map((r) => [r.line, r.sku, r.surface?.id])).toEqual([[11, "A-10", "social"]]);
    expect(problems).toEqual([
      { line: 2, sku: null, reason: "sku is empty" },
      { line: 3, sku: "A-2", reason: "image_url is not a web address (it should start with https://)" },
      { line: 4, sku: "A-3", reason: "image_url is not a web address (it should start with https://)" },
      { line: 5, sku: "A-4", reason: "image_url is not a web address (it should start with https://)" },
      {
        line: 6,
        sku: "A-5",
        reason:
          'target_surface "billboard" is not one we know; use product-page, product-page-square, social, shopify-pdp, meta-ads or leave it empty',
      },
      { line: 7, sku: "A-6", reason: "video_prompt is shorter than 3 characters (leave it empty to use your template)" },
      { line: 8, sku: "A-7", reason: "video_prompt is longer than 1,000 characters" },
      { line: 9, sku: null, reason: expect.stringContaining("different number of fields") },
      { line: 10, sku: null, reason: expect.stringContaining("different number of fields") },
    ]);
  });

  it("gives every problem of one row together", async () => {
    const { problems } = ok(await parseManifest(`${HEADER}\n,nope,,,tiktok\n`));
    expect(problems[0].reason).toBe(
      'sku is empty; image_url is not a web address (it should start with https://); target_surface "tiktok" is not one we know; use product-page, product-page-square, social, shopify-pdp, meta-ads or leave it empty',
    );
  });
});

describe("parseManifest: files that cannot be read at all", () => {
  it("names unknown, missing and repeated columns in the first line", async () => {
    expect(fatal(await parseManifest("sku,image,prompt\nA,https://cdn.example.com/a.jpg,x\n"))).toBe(
      'The first line names columns we don\'t know: "image", "prompt". The columns are: sku, image_url, video_prompt, collection, target_surface.',
    );
    expect(fatal(await parseManifest("sku,video_prompt\nA,hello\n"))).toBe('The first line needs a "image_url" column.');
    expect(fatal(await parseManifest("video_prompt\nhello\n"))).toBe('The first line needs a "sku" column and a "image_url" column.');
    expect(fatal(await parseManifest("sku,image_url,sku\nA,https://cdn.example.com/a.jpg,B\n"))).toBe('The first line names "sku" twice.');
    expect(fatal(await parseManifest("SKU-1001,https://cdn.example.com/a.jpg\n"))).toMatch(
      /columns we don't know: "sku-1001", "https:\/\/cdn.example.com\/a.jpg"/,
    );
  });

  it("refuses an empty file, a file that is not UTF-8, and broken quoting (where later rows cannot be trusted)", async () => {
    expect(fatal(await parseManifest(""))).toBe("The file is empty.");
    expect(fatal(await parseManifest("\uFEFF\n\n"))).toBe("The file is empty.");
    expect(fatal(await parseManifest(new Uint8Array([0x73, 0x6b, 0x75, 0x2c, 0xc3, 0x28])))).toMatch(/isn't UTF-8/);
    expect(
      fatal(
        await parseManifest(
          `${HEADER}\nA,https://cdn.example.com/a.jpg,,,\nB,"https://cdn.example.com/b.jpg,,,\nC,https://cdn.example.com/c.jpg,,,\n`,
        ),
      ),
    ).toBe('Line 3 opens a quoted field that is never closed. Add the missing " and import again; nothing was imported.');
    expect(fatal(await parseManifest(`${HEADER}\nA,https://cdn.example.com/a.jpg,"a "quoted" word",,\n`))).toMatch(
      /^Line 2 has a quote in the middle of a field/,
    );
  });

  it("refuses more than 10,000 rows and more than 5 MB, saying how to split the file", async () => {
    const row = "A,https://cdn.example.com/a.jpg\n";
    expect(ok(await parseManifest(`sku,image_url\n${row.repeat(MAX_MANIFEST_ROWS)}`)).rows).toHaveLength(MAX_MANIFEST_ROWS);
    expect(fatal(await parseManifest(`sku,image_url\n${row.repeat(MAX_MANIFEST_ROWS + 1)}`))).toBe(
      "The file has more than 10,000 rows. Split it into files of up to 10,000 rows and import them one by one.",
    );
    const big = new Uint8Array(MAX_MANIFEST_BYTES + 1).fill(0x61);
    expect(fatal(await parseManifest(big))).toBe("The file is larger than 5 MB. Split it into smaller files and import them one by one.");
  });
});
