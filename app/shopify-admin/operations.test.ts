// Every document the app sends must be valid against the Admin API version
// the app is pinned to. Shopify would refuse an invalid one in production;
// here it fails the build first.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_OPERATIONS, skuSearchQuery } from "./operations";
import { ADMIN_API_VERSION, adminSchemaPath, loadAdminSchema } from "./schema.server";

let schema: GraphQLSchema;
beforeAll(() => {
  schema = loadAdminSchema();
});

function errorsOf(document: string): string[] {
  return validate(schema, parse(document)).map((e) => e.message);
}

describe("the pinned Admin API schema", () => {
  it("is the 2026-10 schema, from the copy kept in the repository", () => {
    expect(ADMIN_API_VERSION).toBe("2026-10");
    expect(adminSchemaPath({})).toBe(path.join(path.dirname(fileURLToPath(import.meta.url)), "admin_schema_2026-10.json.gz"));
    expect(schema.getMutationType()?.getFields().productCreateMedia).toBeDefined();
  });

  it("can be pointed elsewhere with SHOPIFY_ADMIN_SCHEMA_PATH, and names that variable when the file is missing", () => {
    expect(adminSchemaPath({ SHOPIFY_ADMIN_SCHEMA_PATH: "/elsewhere/schema.json.gz" })).toBe("/elsewhere/schema.json.gz");
    expect(() => loadAdminSchema("/nonexistent/admin_schema.json.gz")).toThrow(/SHOPIFY_ADMIN_SCHEMA_PATH/);
  });
});

describe("the app's Admin GraphQL documents", () => {
  it.each(Object.entries(ADMIN_OPERATIONS))("%s is valid against the 2026-10 schema", (name, document) => {
    expect(errorsOf(document)).toEqual([]);
    const definition = parse(document).definitions[0];
    expect(definition.kind === "OperationDefinition" && definition.name?.value).toBe(name);
    expect(document).toContain("#graphql");
  });

  it("fails validation when a field is misspelled or does not exist in 2026-10", () => {
    const misspelled = ADMIN_OPERATIONS.ProductsByIds.replace("featuredImage { url }", "featuredImage { urll }");
    expect(misspelled).not.toBe(ADMIN_OPERATIONS.ProductsByIds);
    expect(errorsOf(misspelled)).toEqual(['Cannot query field "urll" on type "Image". Did you mean "url"?']);

    // A field Shopify's VideoSource does not have.
    const removed = ADMIN_OPERATIONS.ProductMediaStatus.replace("sources { url mimeType }", "sources { url mimeType bitrate }");
    expect(errorsOf(removed)).toEqual(['Cannot query field "bitrate" on type "VideoSource".']);

    const wrongArgument = ADMIN_OPERATIONS.CollectionProductsPage.replace("products(first: $first, after: $after)", "products(limit: $first, after: $after)");
    expect(errorsOf(wrongArgument).length).toBeGreaterThan(0);
  });

  it("every #graphql document anywhere in app/ is valid too", () => {
    const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
    const documents = graphqlDocumentsIn(appDir);
    // At least the ones in operations.ts are found, so the scan itself works.
    expect(documents.length).toBeGreaterThanOrEqual(Object.keys(ADMIN_OPERATIONS).length);
    const invalid = documents.flatMap(({ file, document }) => errorsOf(document).map((error) => `${path.relative(appDir, file)}: ${error}`));
    expect(invalid).toEqual([]);
  });
});

describe("skuSearchQuery", () => {
  it("quotes each SKU and joins them with OR", () => {
    expect(skuSearchQuery(["MUG-1", 'TOTE "XL"', "A\\B"])).toBe('sku:"MUG-1" OR sku:"TOTE \\"XL\\"" OR sku:"A\\\\B"');
  });
});

/**
 * Template literals that start with #graphql, in every .ts/.tsx file under
 * dir (tests excluded). `${NAME}` is filled in from a plain template constant
 * of the same file (a shared field list); any other interpolation fails.
 */
function graphqlDocumentsIn(dir: string): { file: string; document: string }[] {
  const found: { file: string; document: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !/\.tsx?$/.test(entry.name) || /\.test\.tsx?$/.test(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const source = fs.readFileSync(file, "utf8");
    const constants = new Map([...source.matchAll(/\bconst ([A-Z_][A-Z0-9_]*) = `([^`$]*)`/g)].map((m) => [m[1], m[2]]));
    for (const match of source.matchAll(/`\s*#graphql([^`]*)`/g)) {
      const document = match[1].replace(/\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g, (whole, name: string) => {
        const value = constants.get(name);
        if (value === undefined) throw new Error(`${file}: cannot validate a #graphql document that interpolates ${whole}`);
        return value;
      });
      found.push({ file, document });
    }
  }
  return found;
}
