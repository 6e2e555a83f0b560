// The Admin API as the rest of the app sees it: one client interface and one
// error type. Whoever calls Shopify (publishing, extension back ends, admin
// pages, manifests) tells the four outcomes apart by `kind`, not by class.
import type { AdminOperation } from "./operations";

/**
 * Every `#graphql` document of the app, by its text, with its result and
 * variables: filled in by the types `npm run graphql:types` generates from
 * the pinned schema (generated/admin.generated.d.ts), so a call site never
 * writes a result type by hand.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminQueries {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface AdminMutations {}

type AdminDocuments = AdminQueries & AdminMutations;
/** The text of a document codegen has typed. */
export type AdminDocument = keyof AdminDocuments & string;
export type AdminResult<D extends AdminDocument> = AdminDocuments[D] extends { return: infer R } ? R : never;
export type AdminVariables<D extends AdminDocument> = AdminDocuments[D] extends { variables: infer V } ? V : never;

export interface AdminClient {
  /** Resolves to the operation's data; throws AdminApiError when Shopify will not answer it. */
  request<TData, TVariables extends Record<string, unknown> = Record<string, unknown>>(
    document: AdminOperation<TData, TVariables> | string,
    variables?: TVariables,
  ): Promise<TData>;
}

export interface UserError {
  field?: string[] | null;
  message: string;
  code?: string | null;
}

/**
 * - user_errors: Shopify answered, and said no (userErrors / mediaUserErrors); retrying will not help.
 * - refused: Shopify refused the operation itself (GraphQL errors, 4xx); retrying will not help.
 * - unavailable: throttled, 429, 5xx or unreachable through every retry; later may work.
 * - access_revoked: the shop's token was refused and could not be renewed (uninstalled, revoked);
 *   nothing works for the shop until the merchant opens the app again.
 */
export type AdminApiErrorKind = "user_errors" | "refused" | "unavailable" | "access_revoked";

export class AdminApiError extends Error {
  readonly kind: AdminApiErrorKind;
  readonly operation: string;
  /** HTTP status of the last answer; null when none arrived. */
  readonly status: number | null;
  /** GraphQL error codes (extensions.code), e.g. MAX_COST_EXCEEDED. */
  readonly codes: string[];
  readonly userErrors: UserError[];

  constructor(
    kind: AdminApiErrorKind,
    message: string,
    details: { operation?: string; status?: number | null; codes?: string[]; userErrors?: UserError[] } = {},
  ) {
    super(message);
    this.name = "AdminApiError";
    this.kind = kind;
    this.operation = details.operation ?? "anonymous";
    this.status = details.status ?? null;
    this.codes = details.codes ?? [];
    this.userErrors = details.userErrors ?? [];
  }

  /** Shopify's userErrors, after what the app was doing: "Shopify refused the video: …". */
  static fromUserErrors(userErrors: UserError[], context: string): AdminApiError {
    return new AdminApiError("user_errors", `${context}: ${userErrors.map((e) => e.message).join("; ")}`, { userErrors });
  }

  /** True when retrying later may succeed. */
  get transient(): boolean {
    return this.kind === "unavailable";
  }
}

export function isAccessRevoked(error: unknown): error is AdminApiError {
  return error instanceof AdminApiError && error.kind === "access_revoked";
}
