import type BetterSqlite3 from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import type { BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "../../drizzle/schema";

/** The drizzle handle the repositories work with (`$client`: its better-sqlite3 connection). */
export type Db = BetterSQLite3Database<typeof schema> & { $client: BetterSqlite3.Database };

/** Either the database or a transaction on it: what a helper used inside `db.transaction` takes. */
export type Executor = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;

/** What every repository takes besides the database. */
export interface RepoOptions {
  /** Milliseconds since the Unix epoch; `Date.now` unless a test pins the time. */
  now?: () => number;
}
