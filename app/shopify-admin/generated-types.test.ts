// The generated document types reach the app's Admin client: a document's
// text is the key to its result and variables, as codegen read them from the
// pinned schema. These are checked by `tsc` (npm run typecheck, in CI); the
// runtime half checks the document the types were made from is the one sent.
import { describe, expect, expectTypeOf, it } from "vitest";
import { COLLECTION_SUMMARY } from "~/catalog/collections.server";
import type { AdminDocument, AdminResult, AdminVariables } from "./admin-client";

type Collection = AdminResult<typeof COLLECTION_SUMMARY>["collection"];

describe("a document's generated types", () => {
  it("key the result and the variables by the document's text", () => {
    expectTypeOf<typeof COLLECTION_SUMMARY>().toMatchTypeOf<AdminDocument>();
    expectTypeOf<AdminVariables<typeof COLLECTION_SUMMARY>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<NonNullable<Collection>["title"]>().toEqualTypeOf<string>();
    expectTypeOf<NonNullable<NonNullable<Collection>["productsCount"]>["precision"]>().toEqualTypeOf<"EXACT" | "AT_LEAST">();
    expectTypeOf<"query Unknown { shop { name } }">().not.toMatchTypeOf<AdminDocument>();
    expect(COLLECTION_SUMMARY).toContain("query CollectionSummary");
  });
});
