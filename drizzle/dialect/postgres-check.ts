/**
 * Type-checked by `tsconfig.postgres.json` only (`npm run typecheck` runs both configs): fails when
 * `#dialect` did not resolve to PostgreSQL there, or when `drizzle/schema.ts` did not become
 * pg-core tables with times as numbers and flags as booleans.
 */
import type { PgTable } from "drizzle-orm/pg-core";
import type { DIALECT } from "#dialect";
import type { channels, flows, sessions, timers } from "../schema";

type Is<T, Expected> = [T] extends [Expected] ? ([Expected] extends [T] ? true : false) : false;

export const dialect: Is<typeof DIALECT, "postgresql"> = true;
export const pgTables: [typeof flows, typeof sessions, typeof timers] extends [PgTable, PgTable, PgTable] ? true : false = true;
export const times: Is<(typeof timers.$inferSelect)["dueAt"], number> = true;
export const flags: Is<(typeof channels.$inferSelect)["enabled"], boolean> = true;
