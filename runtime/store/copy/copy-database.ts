import type postgres from "postgres";
import { CopyFailed, CopyRefused } from "./copy-errors";
import { type CopyTable, copyPlan } from "./copy-plan";
import { type PostgresParam, toPostgres, UnconvertibleValue } from "./copy-values";
import { SqliteSource, quote, type SqliteRow } from "./sqlite-source";
import { postgresDigest, sqliteDigest, type TableDigest } from "./table-hashes";
import { checkTargetUrl, connectTarget, prepareTarget, resetSequences, tablesWithRows } from "./postgres-target";

export interface CopyOptions {
  /** The SQLite file (`--from`). */
  from: string;
  /** The PostgreSQL URL (`--to`). */
  to: string;
  /** Rows per INSERT (fewer when a table has many columns: PostgreSQL takes at most 65,535 parameters). */
  batchRows?: number;
  /** Progress lines, one per table copied. */
  log?: (line: string) => void;
}

export interface TableResult {
  table: string;
  sqlite: TableDigest;
  postgres: TableDigest;
  /** Milliseconds spent inserting this table's rows. */
  copyMs: number;
}

export interface CopyReport {
  tables: TableResult[];
  /** Migrations applied to the (empty) target before copying. */
  migrationsApplied: number;
  /** Sequences set past the copied maxima (`table.column`); none in today's schema. */
  sequences: string[];
  rows: number;
  /** Milliseconds inserting, and checking (hashing both sides). */
  copyMs: number;
  checkMs: number;
}

/** The copy finished but a table's count or hash differs: it was rolled back. `report` says which. */
export class CopyMismatch extends Error {
  constructor(readonly report: CopyReport) {
    const bad = report.tables.filter((table) => !sameDigest(table)).map((table) => table.table);
    super(`the copy differs from the SQLite file in ${bad.join(", ")}; nothing was written (rolled back)`);
  }
}

export const sameDigest = (result: TableResult) => result.sqlite.rows === result.postgres.rows && result.sqlite.hash === result.postgres.hash;

const MAX_PARAMS = 60_000;

/**
 * One-way copy of a Switchboard SQLite file into an empty PostgreSQL database (`npm run db:copy`).
 * Refuses bad input before writing anything (CopyRefused, naming `--from` or `--to`). Then, in ONE
 * transaction on PostgreSQL: every table of the schema in foreign-key order, streamed from SQLite
 * in batches of multi-row INSERTs; sequences past the maxima; then every table's count and content
 * hash on both sides. Commits only when all match: a refused row (CopyFailed, naming table and
 * row) or a mismatch (CopyMismatch) rolls back, leaving the target as it was (apart from our
 * migrations, applied to an empty target beforehand).
 */
export async function copyDatabase(options: CopyOptions): Promise<CopyReport> {
  const plan = copyPlan();
  const log = options.log ?? (() => {});
  checkTargetUrl(options.to);
  const source = SqliteSource.open(options.from, plan);
  let sql: postgres.Sql | undefined;
  try {
    sql = await connectTarget(options.to);
    const migrationsApplied = await prepareTarget(sql, options.to, plan);
    if (migrationsApplied > 0) log(`applied ${migrationsApplied} migration(s) to the empty target`);
    const from = source;
    return await sql.begin(async (tx) => {
      // Someone may have written between the check and this transaction.
      const full = await tablesWithRows(tx, plan);
      if (full.length > 0) throw new CopyRefused("--to", `the target is not empty (rows in ${full.join(", ")})`);
      const copied = new Map<string, number>();
      const copyStart = performance.now();
      for (const table of plan) {
        const started = performance.now();
        const rows = await copyTable(tx, from, table, options.batchRows ?? 1_000);
        const ms = performance.now() - started;
        copied.set(table.name, ms);
        log(`${table.name}: ${rows} row(s) in ${Math.round(ms)} ms`);
      }
      const sequences = await resetSequences(tx);
      const copyMs = performance.now() - copyStart;
      const checkStart = performance.now();
      const tables: TableResult[] = [];
      for (const table of plan) {
        tables.push({ table: table.name, sqlite: await sqliteDigest(from, table), postgres: await postgresDigest(tx, table), copyMs: copied.get(table.name) ?? 0 });
      }
      const report: CopyReport = {
        tables,
        migrationsApplied,
        sequences,
        rows: tables.reduce((sum, table) => sum + table.postgres.rows, 0),
        copyMs,
        checkMs: performance.now() - checkStart,
      };
      if (!tables.every(sameDigest)) throw new CopyMismatch(report);
      return report;
    });
  } finally {
    source.close();
    await sql?.end({ timeout: 5 });
  }
}

/** Streams one table into PostgreSQL; answers the rows copied. Each batch runs in a savepoint so a refused batch can be replayed row by row to name the row. */
async function copyTable(tx: postgres.TransactionSql, source: SqliteSource, table: CopyTable, batchRows: number): Promise<number> {
  const perBatch = Math.max(1, Math.min(batchRows, Math.floor(MAX_PARAMS / table.columns.length)));
  const head = `insert into ${quote(table.name)} (${table.columns.map((column) => quote(column.name)).join(", ")}) values `;
  const tuple = (index: number) => `(${table.columns.map((_, c) => `$${index * table.columns.length + c + 1}`).join(", ")})`;
  const fullBatch = head + Array.from({ length: perBatch }, (_, i) => tuple(i)).join(", ");
  let batch: SqliteRow[] = [];
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    const text = rows.length === perBatch ? fullBatch : head + rows.map((_, i) => tuple(i)).join(", ");
    const params = rows.flatMap((row) => convert(table, row));
    try {
      await tx.savepoint((sp) => sp.unsafe(text, params, { prepare: true }));
    } catch (error) {
      await nameTheRow(tx, table, head + tuple(0), rows, error);
    }
    count += rows.length;
  };
  for (const row of source.rows(table, false)) {
    batch.push(row);
    if (batch.length === perBatch) await flush();
  }
  await flush();
  return count;
}

function convert(table: CopyTable, row: SqliteRow): PostgresParam[] {
  try {
    return table.columns.map((column) => toPostgres(column.kind, column.name, row[column.name] ?? null));
  } catch (error) {
    if (error instanceof UnconvertibleValue) throw new CopyFailed(table.name, describeKey(table, row), error.message);
    throw error;
  }
}

/** A batch was refused: insert its rows one by one (each in a savepoint) to find the first refused row, and throw naming it. */
async function nameTheRow(tx: postgres.TransactionSql, table: CopyTable, oneRow: string, rows: readonly SqliteRow[], batchError: unknown): Promise<never> {
  for (const row of rows) {
    try {
      await tx.savepoint((sp) => sp.unsafe(oneRow, convert(table, row)));
    } catch (error) {
      throw new CopyFailed(table.name, describeKey(table, row), describePgError(error));
    }
  }
  throw new CopyFailed(table.name, "one of a batch", describePgError(batchError));
}

function describeKey(table: CopyTable, row: SqliteRow): string {
  return table.primaryKey.map((name) => `${name}=${String(row[name])}`).join(", ");
}

function describePgError(error: unknown): string {
  if (error instanceof CopyFailed) return error.reason;
  if (!(error instanceof Error)) return String(error);
  const detail = "detail" in error && typeof error.detail === "string" ? ` (${error.detail})` : "";
  return `${error.message}${detail}`;
}
