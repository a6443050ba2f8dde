import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import { SQLiteTable } from "drizzle-orm/sqlite-core";
import * as schema from "../../../drizzle/schema";

/** How a column's values cross from SQLite to PostgreSQL. */
export type ColumnKind = "text" | "integer" | "flag" | "fraction";

export interface CopyColumn {
  name: string;
  kind: ColumnKind;
  /** PostgreSQL's type, as the schema declares it (`text`, `integer`, `bigint`, `boolean`, `double precision`). */
  sqlType: string;
}

export interface CopyTable {
  name: string;
  columns: CopyColumn[];
  /** The primary key's columns, in the key's order: rows are read and hashed in this order. */
  primaryKey: string[];
  /** Tables this one references (other than itself). */
  parents: string[];
}

/** PostgreSQL types the copy knows how to fill from SQLite's values. Anything else (serial, json, timestamp…) stops the copy. */
const KINDS: Record<string, ColumnKind> = { text: "text", integer: "integer", bigint: "integer", boolean: "flag", "double precision": "fraction" };

/**
 * Every table of `drizzle/schema.ts` in foreign-key order (parents first), with its columns'
 * kinds and its primary key, read from the PostgreSQL build of the schema: run under the
 * `switchboard-postgres` import condition (`npm run db:copy` does). A new table or column is in
 * the plan without touching the copy; a column type it cannot convert throws here, before anything
 * is written.
 */
export function copyPlan(tables: readonly unknown[] = Object.values(schema)): CopyTable[] {
  const pgTables = tables.filter((value): value is PgTable => is(value, PgTable));
  if (pgTables.length === 0) {
    const sqlite = tables.some((value) => is(value, SQLiteTable));
    throw new Error(
      sqlite
        ? "the copy needs the PostgreSQL build of drizzle/schema.ts: run it with the `switchboard-postgres` import condition (npm run db:copy does)"
        : "no tables in the schema",
    );
  }
  const unordered = pgTables.map(describeTable);
  return foreignKeyOrder(unordered);
}

function describeTable(table: PgTable): CopyTable {
  const config = getTableConfig(table);
  const columns = config.columns.map((column): CopyColumn => {
    const sqlType = column.getSQLType();
    const kind = KINDS[sqlType];
    if (!kind || column.generatedIdentity || column.generated) {
      throw new Error(`db:copy cannot fill ${config.name}.${column.name} (${sqlType}${column.generatedIdentity ? ", identity" : ""}${column.generated ? ", generated" : ""}): teach runtime/store/copy/copy-plan.ts this type`);
    }
    return { name: column.name, kind, sqlType };
  });
  const composite = config.primaryKeys[0]?.columns.map((column) => column.name);
  const single = config.columns.filter((column) => column.primary).map((column) => column.name);
  const primaryKey = composite ?? single;
  if (primaryKey.length === 0) throw new Error(`db:copy needs a primary key on ${config.name} to order and compare its rows`);
  const parents = [...new Set(config.foreignKeys.map((fk) => getTableConfig(fk.reference().foreignTable).name))].filter((name) => name !== config.name);
  return { name: config.name, columns, primaryKey, parents };
}

/** Parents before children (Kahn's algorithm, ties in schema order); throws on a cycle, which rows inserted one table at a time could not satisfy. */
function foreignKeyOrder(tables: CopyTable[]): CopyTable[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: CopyTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((table) => !placed.has(table.name) && table.parents.every((parent) => placed.has(parent) || !byName.has(parent)));
    if (!next) {
      const left = tables.filter((table) => !placed.has(table.name)).map((table) => table.name);
      throw new Error(`db:copy cannot order these tables by their foreign keys (a cycle): ${left.join(", ")}`);
    }
    ordered.push(next);
    placed.add(next.name);
  }
  return ordered;
}
