import type { Dialect } from "~/db.server";

export type SqlValue = string | number | boolean | Date | null;

/**
 * Bound parameters for a raw statement, with the placeholder each dialect
 * expects (SQLite "?", Postgres "$n"). Values go to the driver adapter as
 * they are, so they are encoded exactly as the typed client encodes them.
 */
export function sqlParameters(dialect: Dialect) {
  const values: SqlValue[] = [];
  return {
    values,
    /** Adds a value and returns its placeholder. */
    add(value: SqlValue): string {
      values.push(value);
      return dialect === "postgres" ? `$${values.length}` : "?";
    },
  };
}

/** A quoted column or table name. Only ever names from the Prisma types, never input; checked anyway. */
export function identifier(name: string): string {
  if (!/^[A-Za-z]+$/.test(name)) throw new Error(`"${name}" is not a column or table name`);
  return `"${name}"`;
}
