// The Admin GraphQL schema of the API version the app is pinned to. Tests
// validate every document the app sends against it, and the Admin API
// emulator executes against it, so a field Shopify does not have fails here
// before it fails in a merchant's store.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";
import { buildClientSchema, type GraphQLSchema, type IntrospectionQuery } from "graphql";

export const ADMIN_API_VERSION = "2026-10";

const SCHEMA_FILE = `admin_schema_${ADMIN_API_VERSION}.json.gz`;

let cached: { file: string; schema: GraphQLSchema } | undefined;

/**
 * Where the introspection file is: $SHOPIFY_ADMIN_SCHEMA_PATH, else the copy
 * committed beside this module (so a clone is self-contained).
 */
export function adminSchemaPath(env: Record<string, string | undefined> = process.env): string {
  if (env.SHOPIFY_ADMIN_SCHEMA_PATH) return env.SHOPIFY_ADMIN_SCHEMA_PATH;
  return path.join(path.dirname(fileURLToPath(import.meta.url)), SCHEMA_FILE);
}

/** Builds the schema once per process (it takes a few hundred milliseconds). */
export function loadAdminSchema(file: string = adminSchemaPath()): GraphQLSchema {
  if (cached?.file === file) return cached.schema;
  let compressed: Buffer;
  try {
    compressed = fs.readFileSync(file);
  } catch (error) {
    throw new Error(`The Admin API schema is missing at ${file} (set SHOPIFY_ADMIN_SCHEMA_PATH): ${(error as Error).message}`);
  }
  const json = JSON.parse(zlib.gunzipSync(compressed).toString("utf8")) as { data?: IntrospectionQuery } & Partial<IntrospectionQuery>;
  const introspection = json.data ?? (json as IntrospectionQuery);
  const schema = buildClientSchema(introspection);
  cached = { file, schema };
  return schema;
}
