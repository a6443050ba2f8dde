/**
 * `#dialect` for SQLite, the default: drizzle's sqlite-core builders under the names
 * `drizzle/schema.ts` declares its tables with. Types and SQL are exactly sqlite-core's.
 */
import { integer, real } from "drizzle-orm/sqlite-core";

export { check, foreignKey, index, integer, primaryKey, sqliteTable as table, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const DIALECT = "sqlite";

/** Milliseconds: a time since the Unix epoch or a duration (SQLite's integer is 64-bit). */
export const ms = (name: string) => integer(name, { mode: "number" });

/** A boolean, stored as 0/1. */
export const flag = (name: string) => integer(name, { mode: "boolean" });

/** A floating-point number (a score such as sentiment −1..1): SQLite's 8-byte `real`. */
export const fraction = (name: string) => real(name);
