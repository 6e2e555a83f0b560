// Shopify's calculated query cost, approximated faithfully enough for the
// app's throttling to meet the same numbers it meets in production:
//   scalar and enum 0; object 1; connection 2 + first x (1 + cost of an item);
//   nodes(ids:) one object per id; each root mutation field 10.
// An abstract type costs its most expensive possible selection. The actual
// cost counts what came back (a half-full page costs less), and Shopify
// refunds the difference to the bucket.
//
// The same walk enforces Shopify's static limits: a connection needs `first`
// or `last`, at most 250; an input list holds at most 250 items.
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  GraphQLError,
  isAbstractType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MAX_PAGE_SIZE = 250;
export const MAX_INPUT_SIZE = 250;
export const MUTATION_COST = 10;

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
}

type FieldOwner = GraphQLCompositeType;

export function requestedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
): { cost: number; errors: GraphQLError[] } {
  const walk: Walk = { schema, fragments, variables, errors: [] };
  if (operation.operation === "mutation") {
    const root = schema.getMutationType() as GraphQLObjectType;
    let cost = 0;
    for (const { field } of collectFields(walk, operation.selectionSet, root)) {
      // Walked only for the static limits: a mutation costs 10 whatever it returns.
      fieldCost(walk, field, root);
      cost += MUTATION_COST;
    }
    return { cost, errors: walk.errors };
  }
  const root = schema.getQueryType() as GraphQLObjectType;
  return { cost: selectionCost(walk, operation.selectionSet, root), errors: walk.errors };
}

export function actualQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data: unknown,
): number {
  const walk: Walk = { schema, fragments, variables, errors: [] };
  if (operation.operation === "mutation") {
    return collectFields(walk, operation.selectionSet, schema.getMutationType() as GraphQLObjectType).length * MUTATION_COST;
  }
  return returnedCost(walk, operation.selectionSet, schema.getQueryType() as GraphQLObjectType, data);
}

function selectionCost(walk: Walk, selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType): number {
  if (!selectionSet) return 0;
  let base = 0;
  const conditional: { condition: GraphQLCompositeType; cost: number }[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      base += fieldCost(walk, selection, parent);
      continue;
    }
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments[selection.name.value];
    if (!fragment) continue;
    const condition = fragment.typeCondition ? (walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : parent;
    const cost = selectionCost(walk, fragment.selectionSet, condition);
    if (condition === parent) base += cost;
    else conditional.push({ condition, cost });
  }
  if (conditional.length === 0) return base;
  const candidates = isAbstractType(parent) ? walk.schema.getPossibleTypes(parent) : [parent as GraphQLObjectType];
  let most = 0;
  for (const candidate of candidates) {
    const cost = conditional.filter((c) => applies(walk, c.condition, candidate)).reduce((sum, c) => sum + c.cost, 0);
    most = Math.max(most, cost);
  }
  return base + most;
}

function fieldCost(walk: Walk, field: FieldNode, parent: GraphQLCompositeType): number {
  const definition = fieldDefinition(parent, field.name.value);
  if (!definition) return 0;
  const args = argumentValues(walk, definition, field);
  checkInputSizes(walk, field, args);
  const named = getNamedType(definition.type);
  if (isLeafType(named)) return 0;
  const child = named as GraphQLCompositeType;
  if (isConnection(named, definition)) {
    return 2 + pageSize(walk, field, args) * connectionItemCost(walk, field.selectionSet, child as GraphQLObjectType);
  }
  const childCost = selectionCost(walk, field.selectionSet, child);
  if (isListType(getNullableType(definition.type)) && Array.isArray(args.ids)) return args.ids.length * (1 + childCost);
  return 1 + childCost;
}

function connectionItemCost(walk: Walk, selectionSet: SelectionSetNode | undefined, connection: GraphQLObjectType): number {
  let item = 0;
  for (const { field } of collectFields(walk, selectionSet, connection)) {
    const definition = connection.getFields()[field.name.value];
    if (!definition) continue;
    if (field.name.value === "nodes") {
      item = Math.max(item, 1 + selectionCost(walk, field.selectionSet, getNamedType(definition.type) as GraphQLCompositeType));
    } else if (field.name.value === "edges") {
      const edge = getNamedType(definition.type) as GraphQLObjectType;
      for (const { field: edgeField } of collectFields(walk, field.selectionSet, edge)) {
        if (edgeField.name.value !== "node") continue;
        const node = getNamedType(edge.getFields().node.type) as GraphQLCompositeType;
        item = Math.max(item, 1 + selectionCost(walk, edgeField.selectionSet, node));
      }
    }
    // pageInfo and cursors are part of the connection's own 2 points.
  }
  return item;
}

function returnedCost(walk: Walk, selectionSet: SelectionSetNode | undefined, parent: GraphQLCompositeType, value: unknown): number {
  if (!selectionSet || value === null || typeof value !== "object") return 0;
  const object = value as Record<string, unknown>;
  let total = 0;
  const seen = new Set<string>();
  for (const { field, owner } of collectFields(walk, selectionSet, parent)) {
    const key = field.alias?.value ?? field.name.value;
    // A fragment that did not apply to this object left no key behind.
    if (seen.has(key) || !(key in object)) continue;
    seen.add(key);
    const definition = fieldDefinition(owner, field.name.value);
    if (!definition) continue;
    const named = getNamedType(definition.type);
    const returned = object[key];
    if (isLeafType(named) || returned === null || returned === undefined) continue;
    if (isConnection(named, definition)) {
      total +=
        2 +
        connectionItems(returned).reduce(
          (sum: number, item) => sum + 1 + returnedItemCost(walk, field, named as GraphQLObjectType, item),
          0,
        );
    } else if (Array.isArray(returned)) {
      for (const item of returned)
        if (item !== null) total += 1 + returnedCost(walk, field.selectionSet, named as GraphQLCompositeType, item);
    } else {
      total += 1 + returnedCost(walk, field.selectionSet, named as GraphQLCompositeType, returned);
    }
  }
  return total;
}

function connectionItems(connection: unknown): unknown[] {
  const value = connection as { nodes?: unknown[]; edges?: { node?: unknown }[] };
  if (Array.isArray(value.nodes)) return value.nodes;
  if (Array.isArray(value.edges)) return value.edges.map((edge) => edge?.node ?? null);
  return [];
}

function returnedItemCost(walk: Walk, connectionField: FieldNode, connection: GraphQLObjectType, item: unknown): number {
  for (const { field } of collectFields(walk, connectionField.selectionSet, connection)) {
    if (field.name.value === "nodes") {
      return returnedCost(walk, field.selectionSet, getNamedType(connection.getFields().nodes.type) as GraphQLCompositeType, item);
    }
    if (field.name.value === "edges") {
      const edge = getNamedType(connection.getFields().edges.type) as GraphQLObjectType;
      const nodeField = collectFields(walk, field.selectionSet, edge).find(({ field: f }) => f.name.value === "node");
      if (nodeField)
        return returnedCost(walk, nodeField.field.selectionSet, getNamedType(edge.getFields().node.type) as GraphQLCompositeType, item);
    }
  }
  return 0;
}

/** The fields of a selection set with the type each was selected on, fragments flattened. */
function collectFields(
  walk: Walk,
  selectionSet: SelectionSetNode | undefined,
  parent: GraphQLCompositeType,
): { field: FieldNode; owner: FieldOwner }[] {
  if (!selectionSet) return [];
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) return [{ field: selection, owner: parent }];
    const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : walk.fragments[selection.name.value];
    if (!fragment) return [];
    const condition = fragment.typeCondition ? (walk.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : parent;
    return collectFields(walk, fragment.selectionSet, condition);
  });
}

function pageSize(walk: Walk, field: FieldNode, args: Record<string, unknown>): number {
  const first = typeof args.first === "number" ? args.first : null;
  const last = typeof args.last === "number" ? args.last : null;
  const size = first ?? last;
  if (size === null) {
    walk.errors.push(staticError("you must provide one of first or last", field, "MISSING_PAGE_SIZE"));
    return 0;
  }
  const argument = first !== null ? "first" : "last";
  if (size > MAX_PAGE_SIZE) {
    walk.errors.push(
      staticError(
        `The ${argument} argument on field '${field.name.value}' cannot exceed ${MAX_PAGE_SIZE} (was ${size}).`,
        field,
        "MAX_PAGE_SIZE_EXCEEDED",
      ),
    );
    return 0;
  }
  if (size < 0) {
    walk.errors.push(
      staticError(`The ${argument} argument on field '${field.name.value}' cannot be negative.`, field, "INVALID_PAGE_SIZE"),
    );
    return 0;
  }
  return size;
}

function checkInputSizes(walk: Walk, field: FieldNode, args: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(args)) {
    if (Array.isArray(value) && value.length > MAX_INPUT_SIZE) {
      walk.errors.push(
        staticError(
          `The input array size of ${value.length} is greater than the maximum allowed of ${MAX_INPUT_SIZE}.`,
          field,
          "MAX_INPUT_SIZE_EXCEEDED",
          [field.name.value, name],
        ),
      );
    }
  }
}

function argumentValues(walk: Walk, definition: GraphQLField<unknown, unknown>, field: FieldNode): Record<string, unknown> {
  try {
    return getArgumentValues(definition, field, walk.variables);
  } catch (error) {
    walk.errors.push(error instanceof GraphQLError ? error : staticError(String(error), field, "INVALID_ARGUMENT"));
    return {};
  }
}

function fieldDefinition(parent: GraphQLCompositeType, name: string): GraphQLField<unknown, unknown> | undefined {
  return "getFields" in parent ? parent.getFields()[name] : undefined;
}

function isConnection(type: GraphQLNamedType, definition: GraphQLField<unknown, unknown>): boolean {
  return isObjectType(type) && type.name.endsWith("Connection") && definition.args.some((arg) => arg.name === "first");
}

function applies(walk: Walk, condition: GraphQLCompositeType, candidate: GraphQLObjectType): boolean {
  return condition === candidate || (isAbstractType(condition) && walk.schema.isSubType(condition, candidate));
}

function staticError(message: string, field: FieldNode, code: string, path?: string[]): GraphQLError {
  return new GraphQLError(message, { nodes: [field], path, extensions: { code } });
}
