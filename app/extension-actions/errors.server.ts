// Failures an extension request can end in, each with its HTTP status and a
// sentence the merchant can act on.
import { ZodError } from "zod";
import { logger } from "~/logging/logger.server";
import { BatchInputError } from "~/pipeline/batches.server";
import type { ApiError, ApiErrorCode, AppLink } from "./api-types";

export class ExtensionError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    readonly status: number,
    message: string,
    readonly link?: AppLink,
  ) {
    super(message);
    this.name = "ExtensionError";
  }
}

/**
 * Not found, with nothing more: an id from another shop gets exactly the
 * answer an id that never existed gets.
 */
export function notFound(what: "product" | "collection" | "video job" | "batch"): ExtensionError {
  return new ExtensionError("not_found", 404, `We couldn't find that ${what}. It may have been deleted.`);
}

export function shopAccessLost(): ExtensionError {
  return new ExtensionError(
    "shop_access_lost",
    503,
    "Catalog Motion lost access to your store. Open the app from Shopify admin to reconnect, then try again.",
  );
}

/** Understood, but it cannot be done as asked (no photo, uninstalled shop, too many products). */
export function refused(message: string): ExtensionError {
  return new ExtensionError("refused", 422, message);
}

/** Billing holds new videos; the merchant resolves it on the app's billing page, which the answer links to. */
export function billingRequired(message: string, link: AppLink): ExtensionError {
  return new ExtensionError("billing_required", 402, message, link);
}

export function invalidInput(message: string): ExtensionError {
  return new ExtensionError("invalid_input", 400, message);
}

/** A body over the extension limit: far more than any form of the extension sends. */
export function tooLarge(): ExtensionError {
  return new ExtensionError("invalid_input", 413, "The request is too large. Reload the page and try again.");
}

export function toApiError(error: unknown): { status: number; error: ApiError } {
  if (error instanceof ExtensionError)
    return { status: error.status, error: { code: error.code, message: error.message, ...(error.link ? { link: error.link } : {}) } };
  if (error instanceof ZodError) {
    const first = error.issues[0];
    // Type errors carry zod's own wording ("Expected string, received number"); name the field instead.
    const message = !first
      ? "Check the form and try again."
      : first.code === "invalid_type"
        ? `The ${String(first.path.at(-1) ?? "request")} field is missing or not valid.`
        : first.message;
    return { status: 400, error: { code: "invalid_input", message } };
  }
  if (error instanceof BatchInputError) return { status: 422, error: { code: "refused", message: error.message } };
  logger.error({ err: (error as Error)?.message }, "extension request failed");
  return { status: 500, error: { code: "server_error", message: "Something went wrong on our side. Try again in a minute." } };
}
