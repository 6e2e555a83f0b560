// Every Admin API document the extension endpoints send is valid against the
// real 2026-10 schema; the same check catches a misspelled field.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { FIRST_PRODUCT_IMAGES } from "~/catalog/product-photo.server";
import { altTextFor, clipFilenameFor, isAppClipFilename } from "~/publishing/attach-media.server";
import { loadAdminSchema } from "~/shopify-admin/schema.server";
import { COLLECTION_FOR_VIDEO_ACTION, COLLECTION_PRODUCTS_PAGE } from "./collection-source.server";
import { PRODUCT_FOR_VIDEO_ACTION, PRODUCTS_FOR_VIDEO_BATCH } from "./product-source.server";

const DOCUMENTS = {
  PRODUCT_FOR_VIDEO_ACTION,
  PRODUCTS_FOR_VIDEO_BATCH,
  FIRST_PRODUCT_IMAGES,
  COLLECTION_FOR_VIDEO_ACTION,
  COLLECTION_PRODUCTS_PAGE,
};

const problemsOf = (document: string) => validate(loadAdminSchema(), parse(document)).map((e) => e.message);

describe("Admin API documents of the extension endpoints", () => {
  it.each(Object.entries(DOCUMENTS))("%s is valid against the 2026-10 schema", (_name, document) => {
    expect(document.trimStart().startsWith("#graphql")).toBe(true);
    expect(problemsOf(document)).toEqual([]);
  });

  it("fails validation for a misspelled field", () => {
    const misspelled = PRODUCT_FOR_VIDEO_ACTION.replace("featuredMedia", "featuredMedai");
    expect(problemsOf(misspelled)).toEqual([expect.stringContaining('Cannot query field "featuredMedai" on type "Product"')]);
  });

  it("fails validation for a page larger than the argument's type allows", () => {
    const wrongType = COLLECTION_PRODUCTS_PAGE.replace("$first: Int!", "$first: String!");
    expect(problemsOf(wrongType).join(" ")).toContain('Variable "$first" of type "String!" used in position expecting type "Int"');
  });

  it("recognises the clips the publisher attaches by their uploaded filename, and leaves alt text to shoppers", () => {
    expect(isAppClipFilename(clipFilenameFor("job-1"))).toBe(true);
    expect(isAppClipFilename("summer-lookbook.mp4")).toBe(false);
    expect(altTextFor("Ceramic mug", { aiGenerated: true })).toBe("AI-generated video of Ceramic mug");
    expect(altTextFor("Ceramic mug", { aiGenerated: false })).not.toMatch(/job-1|AI/);
  });
});
