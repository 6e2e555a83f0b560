// The access scope each root field the emulator models needs, from the
// field's reference on shopify.dev ("Requires `…` access scope"), and the
// error Shopify answers a token without it: a GraphQL error on that field,
// HTTP 200, the field's data null, e.g.
//   {"message":"Access denied for productCreate field. Required access: `write_products` access scope.",
//    "locations":[…],"path":["productCreate"],
//    "extensions":{"code":"ACCESS_DENIED","documentation":"https://shopify.dev/api/usage/access-scopes",
//                  "requiredAccess":"`write_products` access scope."}}
// A write scope carries its read scope (write_products can read products), as
// Shopify grants them and the Shopify library expands them.
import { GraphQLError } from "graphql";

type RootField = `${"query" | "mutation"}.${string}`;

/** Any one of the listed scopes will do. Root fields not listed (shop) need none. */
const REQUIRED_ACCESS: Record<RootField, readonly string[]> = {
  "query.product": ["read_products"],
  "query.products": ["read_products"],
  "query.collection": ["read_products"],
  "query.collections": ["read_products"],
  "query.productVariants": ["read_products"],
  // Shopify checks node/nodes per returned type; every type the emulator serves by id is a product's (Product, ProductVariant, Collection, their media).
  "query.node": ["read_products"],
  "query.nodes": ["read_products"],
  // Its reference names no scope; Shopify still refuses it to an app without access to what it stages (a product's media here).
  "mutation.stagedUploadsCreate": ["write_products"],
  "mutation.productCreateMedia": ["write_products"],
  "mutation.productReorderMedia": ["write_products"],
  // "Requires `write_files` access scope or `write_themes` access scope."
  "mutation.fileUpdate": ["write_files", "write_themes"],
  "mutation.fileDelete": ["write_files", "write_themes"],
};

/** The error for a root field the granted scopes (comma-separated, as the token endpoint answers them) do not reach; null when they do. */
export function accessDenied(operation: "query" | "mutation", field: string, grantedScopes: string): GraphQLError | null {
  const required = REQUIRED_ACCESS[`${operation}.${field}`];
  if (!required) return null;
  const granted = new Set(
    grantedScopes
      .split(",")
      .map((scope) => scope.trim())
      .filter(Boolean),
  );
  for (const scope of [...granted]) if (scope.startsWith("write_")) granted.add(`read_${scope.slice("write_".length)}`);
  if (required.some((scope) => granted.has(scope))) return null;
  const requiredAccess = `${required.map((scope) => `\`${scope}\` access scope`).join(" or ")}.`;
  return new GraphQLError(`Access denied for ${field} field. Required access: ${requiredAccess}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess },
  });
}
