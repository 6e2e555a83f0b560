// Every Admin API document the extension endpoints send is valid against the
// real 2026-10 schema; the same check catches a misspelled field.
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { FIRST_PRODUCT_IMAGES } from "~/catalog/product-photo.server";
import { altTextFor } from "~/publishing/attach-media.server";
import { realAdminSchema } from "../../test/support/in-memory-admin";
import { COLLECTION_FOR_VIDEO_ACTION, COLLECTION_PRODUCTS_PAGE } from "./collection-source.server";
import { APP_CLIP_MARKER, PRODUCT_FOR_VIDEO_ACTION, PRODUCTS_FOR_VIDEO_BATCH } from "./product-source.server";

const DOCUMENTS = {
  PRODUCT_FOR_VIDEO_ACTION,
  PRODUCTS_FOR_VIDEO_BATCH,
  FIRST_PRODUCT_IMAGES,
  COLLECTION_FOR_VIDEO_ACTION,
  COLLECTION_PRODUCTS_PAGE,
};

const problemsOf = (document: string) => validate(realAdminSchema(), parse(document)).map((e) => e.message);

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

  it("recognises the clips the publisher attaches", () => {
    expect(altTextFor("Ceramic mug", "job-1")).toContain(APP_CLIP_MARKER);
  });
});
