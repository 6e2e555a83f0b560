// Relay connections as Shopify serves them: first/after, last/before,
// reverse, nodes and edges, and opaque cursors that stay valid while the
// list does not change.
import { GraphQLError } from "graphql";
import { decodeCursor, encodeCursor } from "./ids";

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export function connection<T>(items: readonly T[], args: ConnectionArgs, idOf: (item: T) => number, view: (item: T) => unknown) {
  const list = args.reverse ? [...items].reverse() : items;
  let start = args.after ? positionOf(list, args.after, idOf) + 1 : 0;
  let end = args.before ? positionOf(list, args.before, idOf) : list.length;
  if (typeof args.first === "number") end = Math.min(end, start + args.first);
  if (typeof args.last === "number") start = Math.max(start, end - args.last);
  const page = list.slice(start, Math.max(start, end));
  const cursors = page.map((item, index) => encodeCursor(idOf(item), start + index));
  return {
    nodes: () => page.map(view),
    edges: () => page.map((item, index) => ({ cursor: cursors[index], node: view(item) })),
    pageInfo: {
      hasNextPage: start + page.length < list.length,
      hasPreviousPage: start > 0,
      startCursor: cursors[0] ?? null,
      endCursor: cursors[cursors.length - 1] ?? null,
    },
  };
}

function positionOf<T>(list: readonly T[], cursor: string, idOf: (item: T) => number): number {
  const decoded = decodeCursor(cursor);
  if (decoded) {
    const at = decoded.last_value;
    if (Number.isInteger(at) && at >= 0 && at < list.length && idOf(list[at]) === decoded.last_id) return at;
    const found = list.findIndex((item) => idOf(item) === decoded.last_id);
    if (found >= 0) return found;
  }
  throw new GraphQLError("Invalid cursor for current pagination sort.", { extensions: { code: "INVALID_CURSOR" } });
}
