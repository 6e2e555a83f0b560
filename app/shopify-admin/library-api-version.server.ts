// The Shopify libraries' name for the Admin API version the app's schema is
// pinned to (schema.server.ts): one version for the app's own calls and the
// library's. A version the library does not know stops the start.
import { ApiVersion } from "@shopify/shopify-api";
import { ADMIN_API_VERSION } from "./schema.server";

function libraryApiVersion(version: string): ApiVersion {
  const known = Object.values(ApiVersion).find((candidate) => candidate === version);
  if (!known) throw new Error(`@shopify/shopify-api does not support Admin API ${version}`);
  return known;
}

export const LIBRARY_API_VERSION = libraryApiVersion(ADMIN_API_VERSION);
