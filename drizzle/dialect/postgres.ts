/**
 * `#dialect` under the `switchboard-postgres` import condition: drizzle's pg-core builders under
 * the names `drizzle/schema.ts` declares its tables with (see drizzle/README.md).
 */
import { bigint, boolean, doublePrecision } from "drizzle-orm/pg-core";

export { check, foreignKey, index, integer, primaryKey, pgTable as table, text, uniqueIndex } from "drizzle-orm/pg-core";

export const DIALECT = "postgresql";

/** Milliseconds: a time since the Unix epoch or a duration, `bigint` read back as a JS number (exact below 2^53). */
export const ms = (name: string) => bigint(name, { mode: "number" });

/** A boolean. */
export const flag = (name: string) => boolean(name);

/** A floating-point number (a score such as sentiment −1..1): `double precision`, as SQLite's `real`. */
export const fraction = (name: string) => doublePrecision(name);
