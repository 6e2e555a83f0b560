// Every document the app sends must be valid against the Admin API version
// the app is pinned to. Shopify would refuse an invalid one in production;
// here it fails the build first.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse, validate, type GraphQLSchema } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { ADMIN_OPERATIONS } from "./operations";
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
    const misspelled = ADMIN_OPERATIONS.ProductMediaStatus.replace(/image \{\s*url\s*\}/, "image { urll }");
    expect(misspelled).not.toBe(ADMIN_OPERATIONS.ProductMediaStatus);
    expect(errorsOf(misspelled)).toEqual(['Cannot query field "urll" on type "Image". Did you mean "url"?']);

    // A field Shopify's VideoSource does not have.
    const removed = ADMIN_OPERATIONS.ProductMediaStatus.replace(/sources \{\s*url\s+mimeType\s*\}/, "sources { url mimeType bitrate }");
    expect(errorsOf(removed)).toEqual(['Cannot query field "bitrate" on type "VideoSource".']);

    const wrongArgument = ADMIN_OPERATIONS.RemoveFromProduct.replace("fileUpdate(files: $files)", "fileUpdate(file: $files)");
    expect(errorsOf(wrongArgument).length).toBeGreaterThan(0);
  });
});
