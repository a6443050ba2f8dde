import { createHash } from "node:crypto";
import type postgres from "postgres";
import type { CopyTable } from "./copy-plan";
import { hashForm } from "./copy-values";
import { quote, type SqliteSource } from "./sqlite-source";

/** A table's row count and content hash in one database. */
export interface TableDigest {
  rows: number;
  /** sha256 hex over its rows in primary-key order, each the JSON array of its values' `hashForm`. */
  hash: string;
}

const CURSOR_ROWS = 2_000;

/** Streams rows (any iterable, sync or async, of row batches or rows) into a digest. */
async function digest(table: CopyTable, batches: AsyncIterable<readonly Record<string, unknown>[]> | Iterable<readonly Record<string, unknown>[]>): Promise<TableDigest> {
  const hash = createHash("sha256");
  let rows = 0;
  for await (const batch of batches) {
    for (const row of batch) {
      hash.update(JSON.stringify(table.columns.map((column) => hashForm(column.kind, row[column.name]))));
      hash.update("\n");
      rows++;
    }
  }
  return { rows, hash: hash.digest("hex") };
}

function* inBatches<T>(rows: Iterable<T>, size: number): Iterable<T[]> {
  let batch: T[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

export function sqliteDigest(source: SqliteSource, table: CopyTable): Promise<TableDigest> {
  return digest(table, inBatches(source.rows(table, true), CURSOR_ROWS));
}

/**
 * The same digest on PostgreSQL, through a cursor. Text keys are ordered `COLLATE "C"` (bytes of
 * UTF-8, as SQLite's BINARY), whatever the database's own collation.
 */
export function postgresDigest(sql: postgres.Sql | postgres.TransactionSql, table: CopyTable): Promise<TableDigest> {
  const kinds = new Map(table.columns.map((column) => [column.name, column.kind]));
  const order = table.primaryKey.map((name) => (kinds.get(name) === "text" ? `${quote(name)} collate "C"` : quote(name))).join(", ");
  const query = `select ${table.columns.map((column) => quote(column.name)).join(", ")} from ${quote(table.name)} order by ${order}`;
  return digest(table, sql.unsafe<Record<string, unknown>[]>(query).cursor(CURSOR_ROWS));
}
