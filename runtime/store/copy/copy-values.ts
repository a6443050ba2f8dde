import type { ColumnKind } from "./copy-plan";

/** A value as read from SQLite by better-sqlite3 with safe integers on (integers are bigint). */
export type SqliteValue = string | number | bigint | Buffer | null;

/** A value to send to PostgreSQL (integers as decimal text: the server reads them as the column's type, exactly). */
export type PostgresParam = string | boolean | null;

/** A value SQLite holds that the column's PostgreSQL type cannot take as it is. */
export class UnconvertibleValue extends Error {
  constructor(
    readonly column: string,
    readonly value: unknown,
  ) {
    super(`column ${column}: cannot convert ${describe(value)}`);
  }
}

/**
 * One SQLite value to its PostgreSQL parameter: flags 0/1 → false/true, integers as exact decimal
 * text (ms times → bigint), fractions (real → double precision) as round-trip text, text (JSON included) unchanged, NULL stays NULL. A flag other than
 * 0/1, a blob, or a fraction in an integer column is refused rather than guessed.
 */
export function toPostgres(kind: ColumnKind, column: string, value: SqliteValue): PostgresParam {
  if (value === null) return null;
  if (Buffer.isBuffer(value)) throw new UnconvertibleValue(column, value);
  switch (kind) {
    case "text":
      return String(value);
    case "integer":
      if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return String(value);
      throw new UnconvertibleValue(column, value);
    case "flag":
      if (value === 0n || value === 0) return false;
      if (value === 1n || value === 1) return true;
      throw new UnconvertibleValue(column, value);
    case "fraction":
      // JavaScript's shortest round-trip text: PostgreSQL reads it back to the same double.
      if (typeof value === "bigint") return String(value);
      if (typeof value === "number" && Number.isFinite(value)) return String(value);
      throw new UnconvertibleValue(column, value);
  }
}

/**
 * The form a value takes in a table's content hash, the same from either database: NULL → null,
 * integers (SQLite's bigint, PostgreSQL's number or int8 text) → decimal text, fractions →
 * their shortest round-trip text, flags (SQLite's 0/1,
 * PostgreSQL's booleans) → true/false, text as it is. A value of the wrong shape hashes as itself,
 * tagged, so it cannot pass for a right one.
 */
export function hashForm(kind: ColumnKind, value: unknown): string | boolean | null {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case "text":
      return typeof value === "string" ? value : `?${describe(value)}`;
    case "integer":
      if (typeof value === "bigint" || (typeof value === "number" && Number.isInteger(value))) return String(value);
      if (typeof value === "string" && /^-?\d+$/.test(value)) return String(BigInt(value));
      return `?${describe(value)}`;
    case "flag":
      if (value === true || value === 1n || value === 1) return true;
      if (value === false || value === 0n || value === 0) return false;
      return `?${describe(value)}`;
    case "fraction": {
      const number = typeof value === "bigint" ? Number(value) : typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      return typeof number === "number" && Number.isFinite(number) ? String(number) : `?${describe(value)}`;
    }
  }
}

function describe(value: unknown): string {
  if (Buffer.isBuffer(value)) return `a blob of ${value.length} bytes`;
  return `${typeof value} ${JSON.stringify(typeof value === "bigint" ? value.toString() : value)}`;
}
