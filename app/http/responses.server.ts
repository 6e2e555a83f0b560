// Answers shared by the admin routes and the actions behind them (the CSV
// import): a bare 404 for what is not the shop's, and form errors by field.
import type { ZodError } from "zod";
import { NotFoundError } from "~/jobs/not-found";

/**
 * Another shop's batch or job looks exactly like one that does not exist:
 * a bare 404, with nothing about what was asked for.
 */
export function notFound(): never {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

/** Runs a merchant action, turning "not yours / not there" into the same bare 404. */
export async function orNotFound<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

export type FieldErrors = Record<string, string>;

/** The first message per field, keyed by the form field's name. */
export function fieldErrorsOf(error: ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.length > 0 ? String(issue.path[0]) : "form";
    errors[field] ??= issue.message;
  }
  return errors;
}
