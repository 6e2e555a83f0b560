// GraphQL errors in the shape and wording Shopify's Admin API uses
// (graphql-ruby's messages and camelCase codes for document problems), so
// the app's error handling meets what it will meet in production. The
// mapping covers the mistakes a developer makes most; anything else keeps
// graphql-js's message.
import type { GraphQLError } from "graphql";

export interface ShopifyGraphqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: string; [key: string]: unknown };
}

const VALIDATION_MESSAGES: { pattern: RegExp; shopify: (m: RegExpExecArray) => Omit<ShopifyGraphqlError, "locations" | "path"> }[] = [
  {
    pattern: /^Cannot query field "(\w+)" on type "(\w+)"/,
    shopify: (m) => ({
      message: `Field '${m[1]}' doesn't exist on type '${m[2]}'`,
      extensions: { code: "undefinedField", typeName: m[2], fieldName: m[1] },
    }),
  },
  {
    pattern: /^Unknown argument "(\w+)" on field "\w+\.(\w+)"/,
    shopify: (m) => ({
      message: `Field '${m[2]}' doesn't accept argument '${m[1]}'`,
      extensions: { code: "argumentNotAccepted", name: m[2], typeName: "Field", argumentName: m[1] },
    }),
  },
  {
    pattern: /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided/,
    shopify: (m) => ({
      message: `Field '${m[1]}' is missing required arguments: ${m[2]}`,
      extensions: { code: "missingRequiredArguments", className: "Field", name: m[1], arguments: m[2] },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used in operation "(\w+)"/,
    shopify: (m) => ({
      message: `Variable $${m[1]} is declared by ${m[2]} but not used`,
      extensions: { code: "variableNotUsed", variableName: m[1] },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined by operation "(\w+)"/,
    shopify: (m) => ({
      message: `Variable $${m[1]} is used by ${m[2]} but not declared`,
      extensions: { code: "variableNotDefined", variableName: m[1] },
    }),
  },
  {
    pattern: /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields/,
    shopify: (m) => ({
      message: `Field must have selections (field '${m[1]}' returns ${m[2].replace(/[[\]!]/g, "")} but has no selections. Did you mean '${m[1]} { ... }'?)`,
      extensions: { code: "selectionMismatch", nodeName: `field '${m[1]}'`, typeName: m[2].replace(/[[\]!]/g, "") },
    }),
  },
  {
    pattern: /^Unknown type "(\w+)"/,
    shopify: (m) => ({
      message: `No such type ${m[1]}, so it can't be a fragment condition`,
      extensions: { code: "undefinedType", typeName: m[1] },
    }),
  },
];

export function validationError(error: GraphQLError): ShopifyGraphqlError {
  for (const { pattern, shopify } of VALIDATION_MESSAGES) {
    const match = pattern.exec(error.message);
    if (match) {
      const { message, extensions } = shopify(match);
      return { message, ...locationsOf(error), extensions };
    }
  }
  return { message: error.message, ...locationsOf(error), extensions: { code: "validationFailed" } };
}

export function parseError(error: GraphQLError): ShopifyGraphqlError {
  return { message: error.message.replace(/^Syntax Error: /, "syntax error, "), ...locationsOf(error), extensions: { code: "parseError" } };
}

/** `types` maps each declared variable to its type as written (e.g. "ID!"). */
export function variableError(error: GraphQLError, types: ReadonlyMap<string, string>): ShopifyGraphqlError {
  const name = /^Variable "\$(\w+)"/.exec(error.message)?.[1] ?? "input";
  const type = types.get(name);
  return {
    message: `Variable $${name}${type ? ` of type ${type}` : ""} was provided invalid value`,
    ...locationsOf(error),
    extensions: { code: "INVALID_VARIABLE", problems: [{ path: [], explanation: error.message }] },
  };
}

/** Errors from resolvers and the static cost checks; they carry their own code. */
export function executionError(error: GraphQLError): ShopifyGraphqlError {
  const code = typeof error.extensions.code === "string" ? error.extensions.code : "INTERNAL_SERVER_ERROR";
  return {
    message: error.message,
    ...locationsOf(error),
    ...(error.path ? { path: error.path } : {}),
    extensions: { ...error.extensions, code },
  };
}

export function simpleError(message: string, code: string, extra: Record<string, unknown> = {}): ShopifyGraphqlError {
  return { message, extensions: { code, ...extra } };
}

function locationsOf(error: GraphQLError): { locations?: { line: number; column: number }[] } {
  return error.locations ? { locations: error.locations.map(({ line, column }) => ({ line, column })) } : {};
}
