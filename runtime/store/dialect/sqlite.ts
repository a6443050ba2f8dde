/**
 * `#store-dialect` for SQLite, the default build (package.json "imports"; the PostgreSQL build
 * resolves `./postgres.ts` instead). The repositories written once for both databases take their
 * database handle, transactions and result helpers from here, never from a driver.
 *
 * better-sqlite3 answers synchronously: the helpers run the statement at once and hand back a
 * settled promise, so callers await the same way as on PostgreSQL.
 */
import type BetterSqlite3 from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import type { SQL } from "drizzle-orm";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { type BaseSQLiteDatabase, SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import type * as schema from "../../../drizzle/schema";
import type { DatabaseTarget } from "../database-target";
import { openDatabase, type StoreDatabase } from "../open-database";
import { writeBatchOf } from "../write-batch";
import { connectionLock } from "./connection-lock";
import { errorCodes } from "./error-codes";
import type { OpenedDb, Prepared, Params } from "./types";

/** This build's database, typed as either so code written once may ask. */
export const DIALECT: DatabaseTarget["dialect"] = "sqlite";
export type { GroupCommit, OpenedDb, Prepared, Params } from "./types";

/** The drizzle handle the repositories work with (`$client`: its better-sqlite3 connection). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

/** The database or the transaction open on it: what a statement inside `inTransaction` is built on. */
export type Executor = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;

/** SQLite's own handle on the file (`StoreDatabase`: pragmas, backups, tests that read the file); PostgreSQL has none. */
export type DialectDatabase = StoreDatabase;

/** Opens (creating and migrating) `<dataDir>/switchboard.db`: `openDatabase`, pragmas and group commit included. */
export async function openDb(target: DatabaseTarget): Promise<OpenedDb<Db> & { database: DialectDatabase }> {
  if (target.dialect !== "sqlite") throw new Error("this build of the store is SQLite's: a PostgreSQL DATABASE_URL needs the switchboard-postgres condition (runtime/store/README.md)");
  const database = openDatabase({ dataDir: target.dataDir });
  return {
    db: database.db,
    database,
    writes: database.writes,
    close: async () => {
      if (database.sqlite.open) await database.close();
    },
  };
}

/**
 * Runs `work` in one write transaction: `BEGIN IMMEDIATE`, the callback awaited, then `COMMIT`
 * (or `ROLLBACK` when it throws). better-sqlite3's own transactions must be synchronous, so this
 * one holds the connection's lock (`connectionLock`) from BEGIN to COMMIT: a second transaction
 * (or a group commit) asked for meanwhile waits its turn instead of running inside this one.
 *
 * The callback awaits only the store (never the network) and builds its statements on `tx`. Not
 * reentrant: calling `inTransaction` inside the callback waits for itself.
 * A statement run outside any transaction while one is open shares the one connection, so it
 * joins that transaction (and its ROLLBACK): the repositories keep their transactions short and
 * their work rolls back only on a bug or an I/O failure.
 */
export async function inTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  const release = await connectionLock(db.$client).acquire();
  try {
    const control = transactionControl(db.$client);
    control.begin.run();
    let result: T;
    try {
      result = await work(db);
      control.commit.run();
    } catch (error) {
      if (db.$client.inTransaction) control.rollback.run();
      throw error;
    }
    return result;
  } finally {
    release();
  }
}

const controls = new WeakMap<BetterSqlite3.Database, Record<"begin" | "commit" | "rollback", BetterSqlite3.Statement>>();

/** BEGIN IMMEDIATE, COMMIT and ROLLBACK, prepared once per connection. */
function transactionControl(client: BetterSqlite3.Database) {
  let control = controls.get(client);
  if (control === undefined) {
    control = { begin: client.prepare("BEGIN IMMEDIATE"), commit: client.prepare("COMMIT"), rollback: client.prepare("ROLLBACK") };
    controls.set(client, control);
  }
  return control;
}

/** The first row of a query (its `.get()`), or undefined. */
export async function one<Row>(query: { get(): Row | undefined }): Promise<Row | undefined> {
  return query.get();
}

/** Every row of a query (its `.all()`). */
export async function many<Row>(query: { all(): Row[] }): Promise<Row[]> {
  return query.all();
}

/** Runs an INSERT, UPDATE or DELETE: how many rows it changed. */
export async function changes(query: { run(): RunResult }): Promise<number> {
  return query.run().changes;
}

/** Raw SQL (tests, maintenance): every row as a plain object, columns as SQLite gives them (none for a write). */
export async function rows(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  const compiled = sqlite.sqlToQuery(query);
  const statement = db.$client.prepare<unknown[], Record<string, unknown>>(compiled.sql);
  if (statement.reader) return statement.all(...compiled.params);
  statement.run(...compiled.params);
  return [];
}

const sqlite = new SQLiteSyncDialect();

/**
 * A query built once with `sql.placeholder`s and run many times with their values: better-sqlite3
 * prepares the statement once (`.prepare()`; the name is PostgreSQL's business).
 */
export function prepared<Statement extends { all(params?: Params): unknown; get(params?: Params): unknown; run(params?: Params): RunResult }>(
  _name: string,
  query: { prepare(): Statement },
): Prepared<RowOf<Statement>> {
  const statement = query.prepare();
  // drizzle's types say what its statement gives back (`RowOf`): the one place this is asserted.
  const all = (params?: Params) => statement.all(params) as RowOf<Statement>[];
  const get = (params?: Params) => statement.get(params) as RowOf<Statement> | undefined;
  return {
    all: async (params) => all(params),
    get: async (params) => get(params),
    run: async (params) => statement.run(params).changes,
  };
}

/**
 * A statement of a transaction's work (`inTransaction`, `groupCommit`), built by `build` on the
 * executor it runs on. SQLite: prepared once on the connection (every transaction runs on it), the
 * executor given is not looked at. `name` is PostgreSQL's business.
 */
export function preparedIn<Statement extends { all(params?: Params): unknown; get(params?: Params): unknown; run(params?: Params): RunResult }>(
  db: Db,
  name: string,
  build: (on: Executor) => { prepare(): Statement },
): (tx: Executor) => Prepared<RowOf<Statement>> {
  const statement = prepared(name, build(db));
  return () => statement;
}

/**
 * A write transaction of the hot path (a session's step): queued on the connection's group commit
 * (`WriteBatch`, runtime/store/write-batch.ts), so everything asked for in one turn of the event
 * loop commits in ONE `BEGIN IMMEDIATE … COMMIT`. Resolves after the COMMIT; when `work` throws,
 * it alone rolls back. `work` awaits only statements of this store (it may run twice: after a
 * batch's rollback it runs again alone).
 */
export function groupCommit<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return writeBatchOf(db.$client).run(() => work(db));
}

/** The row type of a drizzle statement (never for a write without RETURNING). */
type RowOf<Statement> = Statement extends { all(params?: Params): readonly (infer Row)[] } ? Row : never;

/**
 * `FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances claiming rows at once take different ones.
 * SQLite has one writer at a time (the claim runs in a write transaction): the query as it is.
 */
export function skipLocked<Query>(query: Query): Query {
  return query;
}

/**
 * `FOR UPDATE` on PostgreSQL: the rows read stay locked until the transaction ends, so a check
 * made on them holds for the writes that follow. SQLite's write transaction (`BEGIN IMMEDIATE`)
 * already excludes every other writer: the query as it is.
 */
export function forUpdate<Query>(query: Query): Query {
  return query;
}

/** Whether a statement failed on a foreign key (better-sqlite3's `SQLITE_CONSTRAINT_FOREIGNKEY`, through drizzle's wrapping). */
export function isForeignKeyViolation(error: unknown): boolean {
  return errorCodes(error).includes("SQLITE_CONSTRAINT_FOREIGNKEY");
}
