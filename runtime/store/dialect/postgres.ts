/**
 * `#store-dialect` under the `switchboard-postgres` import condition: the same exports as
 * ./sqlite.ts over postgres.js (a pool of connections) and `drizzle-orm/postgres-js`.
 */
import type { SQL } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { PostgresJsQueryResultHKT } from "drizzle-orm/postgres-js";
import type { PgDatabase } from "drizzle-orm/pg-core";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import postgres from "postgres";
import * as schema from "../../../drizzle/schema";
import type { DatabaseTarget } from "../database-target";
import { migratePostgres } from "../migrate-postgres";
import { errorCodes } from "./error-codes";
import type { OpenedDb, Params, Prepared } from "./types";

/** This build's database, typed as either so code written once may ask. */
export const DIALECT: DatabaseTarget["dialect"] = "postgresql";
export type { GroupCommit, OpenedDb, Prepared, Params } from "./types";

/** The drizzle handle the repositories work with (`$client`: the postgres.js pool). */
export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };

/** The database or a transaction on it (`PgTransaction` extends `PgDatabase`). */
export type Executor = PgDatabase<PostgresJsQueryResultHKT, typeof schema, ExtractTablesWithRelations<typeof schema>>;

/** SQLite's own handle on its file; none here. */
export type DialectDatabase = undefined;

export interface OpenDbOptions {
  /** Connections in the pool (postgres.js's default is 10). */
  max?: number;
}

/** Migrates the database (`migratePostgres`, under its advisory lock), then opens a pool on it. */
export async function openDb(target: DatabaseTarget, options: OpenDbOptions = {}): Promise<OpenedDb<Db> & { database: DialectDatabase }> {
  if (target.dialect !== "postgresql") throw new Error("this build of the store is PostgreSQL's: set DATABASE_URL=postgres://… (runtime/store/README.md)");
  await migratePostgres(target.url);
  const client = postgres(target.url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle({ client, schema });
  return { db, database: undefined, close: () => client.end() };
}

/**
 * Runs `work` in one transaction on one pooled connection (READ COMMITTED): COMMIT when it
 * resolves, ROLLBACK when it throws. Statements inside must be built on `tx`: one built on `db`
 * runs on another connection, outside the transaction.
 */
export function inTransaction<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction((tx) => work(tx));
}

/** The first row of a query, or undefined. */
export async function one<Row>(query: PromiseLike<Row[]>): Promise<Row | undefined> {
  return (await query)[0];
}

/** Every row of a query. */
export async function many<Row>(query: PromiseLike<Row[]>): Promise<Row[]> {
  return [...(await query)];
}

/** Runs an INSERT, UPDATE or DELETE: how many rows it changed. */
export async function changes(query: PromiseLike<{ count: number }>): Promise<number> {
  return (await query).count;
}

/** Raw SQL (tests, maintenance): every row as a plain object, columns as postgres.js gives them (`bigint` as text). */
export async function rows(db: Db, query: SQL): Promise<Record<string, unknown>[]> {
  return [...(await db.execute<Record<string, unknown>>(query))];
}

/**
 * A query built once with `sql.placeholder`s and run many times with their values (drizzle's
 * `.prepare(name)`; postgres.js prepares each statement once per connection).
 */
export function prepared<Result>(name: string, query: { prepare(name: string): { execute(params?: Params): Promise<Result> } }): Prepared<Result extends readonly (infer Row)[] ? Row : never> {
  const statement = query.prepare(name);
  type Row = Result extends readonly (infer R)[] ? R : never;
  const all = async (params?: Params): Promise<Row[]> => {
    const result: unknown = await statement.execute(params);
    if (!Array.isArray(result)) throw new Error(`prepared query ${name} gave no rows`);
    return result;
  };
  return {
    all,
    get: async (params) => (await all(params))[0],
    run: async (params) => {
      const result: unknown = await statement.execute(params);
      if (typeof result === "object" && result !== null && "count" in result && typeof result.count === "number") return result.count;
      throw new Error(`prepared query ${name} gave no count of changed rows`);
    },
  };
}

/**
 * A statement of a transaction's work (`inTransaction`, `groupCommit`), built by `build` on the
 * executor it runs on: on PostgreSQL, on the transaction's connection each time (postgres.js
 * prepares it once per connection, keyed by its text). A statement built on `db` would run on
 * another pooled connection, outside the transaction.
 */
export function preparedIn<Result>(
  _db: Db,
  name: string,
  build: (on: Executor) => { prepare(name: string): { execute(params?: Params): Promise<Result> } },
): (tx: Executor) => Prepared<Result extends readonly (infer Row)[] ? Row : never> {
  return (tx) => prepared(name, build(tx));
}

/**
 * A write transaction of the hot path (a session's step). PostgreSQL: one transaction of its own
 * (`inTransaction`), no batching: concurrent steps run on the pool's connections at once, and
 * the server's WAL flush already groups the commits that arrive together (runtime/store/README.md,
 * "PostgreSQL").
 */
export function groupCommit<T>(db: Db, work: (tx: Executor) => Promise<T>): Promise<T> {
  return inTransaction(db, work);
}

/** `FOR UPDATE SKIP LOCKED`: instances claiming rows at once each take rows the others have not locked. */
export function skipLocked<Locked>(query: { for(strength: "update", config: { skipLocked: true }): Locked }): Locked {
  return query.for("update", { skipLocked: true });
}

/** `FOR UPDATE`: the rows read stay locked until the transaction ends (a writer of them waits), so a check made on them holds for the writes that follow. */
export function forUpdate<Locked>(query: { for(strength: "update"): Locked }): Locked {
  return query.for("update");
}

/** Whether a statement failed on a foreign key (PostgreSQL's `23503`, through drizzle's wrapping). */
export function isForeignKeyViolation(error: unknown): boolean {
  return errorCodes(error).includes("23503");
}
