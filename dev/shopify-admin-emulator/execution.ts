// One Admin GraphQL request, as Shopify handles it: parse, validate against
// the real Admin schema of the pinned version, coerce variables, check static limits and cost,
// take the cost from the shop's bucket (or answer THROTTLED), execute (each
// root field refused without its access scope), and
// give back what the query did not use. Document problems come back as
// `errors` with no data, as Shopify answers them (HTTP 200).
import {
  execute,
  getOperationAST,
  getVariableValues,
  GraphQLError,
  Kind,
  parse,
  print,
  validate,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
  defaultFieldResolver,
} from "graphql";
import { accessDenied } from "./access-scopes";
import type { RequestContext } from "./context";
import { actualQueryCost, requestedQueryCost } from "./cost";
import { executionError, parseError, simpleError, validationError, variableError, type ShopifyGraphqlError } from "./errors";
import { mutationRoot } from "./mutation-resolvers";
import { queryRoot } from "./query-resolvers";
import type { ShopBuckets } from "./throttle";

export interface GraphqlRequestBody {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface ExecutionSettings {
  schema: GraphQLSchema;
  buckets: ShopBuckets;
  /** Shopify's single-query limit: 1,000 points. */
  maxQueryCost: number;
}

export type ExecutionOutcome = "answered" | "invalid" | "throttled";

export interface ExecutionResult {
  outcome: ExecutionOutcome;
  operationName: string;
  body: { data?: unknown; errors?: ShopifyGraphqlError[]; extensions?: { cost: unknown } };
}

const MAX_COST_MESSAGE = (cost: number, max: number) =>
  `Query cost is ${cost}, which exceeds the single query max cost limit (${max}).\n\n` +
  "See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the\ncost of a query is calculated.\n\n" +
  "To query larger amounts of data with fewer limits, bulk operations should be used instead.\n" +
  "See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.\n";

type CheckedDocument = { document: DocumentNode } | { errors: ShopifyGraphqlError[] };

/** The app sends the same few documents thousands of times: parse and validate each once per schema. */
const checkedDocuments = new WeakMap<GraphQLSchema, Map<string, CheckedDocument>>();
const CHECKED_DOCUMENTS_KEPT = 500;

export async function executeAdminGraphql(
  settings: ExecutionSettings,
  request: GraphqlRequestBody,
  ctx: RequestContext,
): Promise<ExecutionResult> {
  const checked = checkDocument(settings.schema, request.query);
  if ("errors" in checked) return invalid("anonymous", checked.errors);
  const { document } = checked;

  const operation = getOperationAST(document, request.operationName ?? undefined);
  if (!operation) {
    const message = request.operationName ? `No operation named "${request.operationName}"` : "An operation name is required";
    return invalid("anonymous", [simpleError(message, "OPERATION_NOT_FOUND")]);
  }
  const operationName = operation.name?.value ?? "anonymous";
  if (operation.operation === "subscription")
    return invalid(operationName, [simpleError("Subscriptions are not supported", "OPERATION_NOT_SUPPORTED")]);

  const coerced = getVariableValues(settings.schema, operation.variableDefinitions ?? [], request.variables ?? {});
  if (coerced.errors) {
    const types = new Map((operation.variableDefinitions ?? []).map((d) => [d.variable.name.value, print(d.type)]));
    return invalid(
      operationName,
      coerced.errors.map((e) => variableError(e, types)),
    );
  }
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments[definition.name.value] = definition;
  }

  const requested = requestedQueryCost(settings.schema, operation, fragments, coerced.coerced);
  if (requested.errors.length > 0) return invalid(operationName, requested.errors.map(executionError));
  const status = settings.buckets.status(ctx.shop.domain);
  // A query bigger than the whole bucket could never run; Shopify's buckets are never under 1,000.
  const limit = Math.min(settings.maxQueryCost, status.maximumAvailable);
  if (requested.cost > limit) {
    return invalid(operationName, [
      simpleError(MAX_COST_MESSAGE(requested.cost, limit), "MAX_COST_EXCEEDED", { cost: requested.cost, maxCost: limit }),
    ]);
  }

  if (!settings.buckets.take(ctx.shop.domain, requested.cost)) {
    return {
      outcome: "throttled",
      operationName,
      body: {
        errors: [simpleError("Throttled", "THROTTLED", { documentation: "https://shopify.dev/api/usage/rate-limits" })],
        extensions: {
          cost: { requestedQueryCost: requested.cost, actualQueryCost: null, throttleStatus: settings.buckets.status(ctx.shop.domain) },
        },
      },
    };
  }

  const result = await execute({
    schema: settings.schema,
    document,
    operationName: request.operationName ?? undefined,
    variableValues: request.variables ?? {},
    rootValue: operation.operation === "mutation" ? mutationRoot(ctx) : queryRoot(ctx),
    contextValue: ctx,
    fieldResolver,
    typeResolver,
  });
  const actual = Math.min(requested.cost, actualQueryCost(settings.schema, operation, fragments, coerced.coerced, result.data ?? null));
  settings.buckets.refund(ctx.shop.domain, requested.cost - actual);
  return {
    outcome: "answered",
    operationName,
    body: {
      data: result.data ?? null,
      ...(result.errors?.length ? { errors: result.errors.map(executionError) } : {}),
      extensions: {
        cost: { requestedQueryCost: requested.cost, actualQueryCost: actual, throttleStatus: settings.buckets.status(ctx.shop.domain) },
      },
    },
  };
}

/** A bulk operation's query, run with the same resolvers and scope checks as a request, without page or cost limits. */
export function executeBulkQuery(schema: GraphQLSchema, document: DocumentNode, ctx: RequestContext) {
  return execute({ schema, document, rootValue: queryRoot(ctx), contextValue: ctx, fieldResolver, typeResolver });
}

function invalid(operationName: string, errors: ShopifyGraphqlError[]): ExecutionResult {
  return { outcome: "invalid", operationName, body: { errors } };
}

function checkDocument(schema: GraphQLSchema, query: string): CheckedDocument {
  let cache = checkedDocuments.get(schema);
  if (!cache) {
    cache = new Map();
    checkedDocuments.set(schema, cache);
  }
  const known = cache.get(query);
  if (known) return known;
  let checked: CheckedDocument;
  try {
    const document = parse(query);
    const errors = validate(schema, document);
    checked = errors.length > 0 ? { errors: errors.map(validationError) } : { document };
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    checked = { errors: [parseError(error)] };
  }
  if (cache.size >= CHECKED_DOCUMENTS_KEPT) cache.delete(cache.keys().next().value as string);
  cache.set(query, checked);
  return checked;
}

/**
 * Views hold exactly the fields the emulator models. A field the schema has
 * but a view lacks is a gap in the emulator, reported as such instead of
 * answered with a made-up null. A root field the token's scopes do not
 * reach is refused first, as Shopify refuses it.
 */
const fieldResolver: GraphQLFieldResolver<unknown, RequestContext> = (source, args, context, info) => {
  if (info.path.prev === undefined && info.operation.operation !== "subscription") {
    const denied = accessDenied(info.operation.operation, info.fieldName, context.scopes);
    if (denied) throw denied;
  }
  if (source === null || typeof source !== "object" || !(info.fieldName in source)) {
    throw new GraphQLError(
      `The Admin API emulator does not model ${info.parentType.name}.${info.fieldName} (add it in dev/shopify-admin-emulator/views.ts)`,
      {
        extensions: { code: "EMULATOR_UNSUPPORTED_FIELD" },
      },
    );
  }
  return defaultFieldResolver(source, args, context, info);
};

/** Every view names its concrete type, as interfaces (Node, Media) need. */
const typeResolver: GraphQLTypeResolver<unknown, RequestContext> = (value) =>
  typeof value === "object" && value !== null && "__typename" in value ? String((value as { __typename: unknown }).__typename) : undefined;
