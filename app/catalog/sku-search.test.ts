import { describe, expect, it } from "vitest";
import { skuSearchQuery } from "./sku-search";

describe("skuSearchQuery", () => {
  it("quotes every SKU so spaces, colons, quotes and backslashes are searched as written", () => {
    expect(skuSearchQuery(["MUG-1", "TOTE XL", 'BAG "MINI"', "A\\B", "X:Y"])).toBe(
      'sku:"MUG-1" OR sku:"TOTE XL" OR sku:"BAG \\"MINI\\"" OR sku:"A\\\\B" OR sku:"X:Y"',
    );
  });
});
