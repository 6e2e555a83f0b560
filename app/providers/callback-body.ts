// A callback body read only to find the job it names, before anything about
// it is trusted: the adapter's verification decides what the body is worth.

/** The body's top-level JSON object, or an empty one when the body is not one. */
export function callbackObjectOf(rawBody: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(rawBody);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Not JSON: verification answers it with the right status.
  }
  return {};
}

export function stringField(record: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = record?.[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}
