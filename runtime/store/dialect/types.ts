/** What both builds of `#store-dialect` (./sqlite.ts, ./postgres.ts) share. */

/** The values of a prepared query's `sql.placeholder`s, by name. */
export type Params = Record<string, unknown>;

/** A query prepared once, run with its placeholders' values. */
export interface Prepared<Row> {
  /** Every row (a SELECT, or a write with RETURNING). */
  all(params?: Params): Promise<Row[]>;
  /** The first row, or undefined. */
  get(params?: Params): Promise<Row | undefined>;
  /** Runs a write: how many rows it changed. */
  run(params?: Params): Promise<number>;
}

/**
 * Group commit (SQLite's `WriteBatch`): `work` runs at once inside a transaction shared with the
 * other writes of this turn of the event loop; the promise settles after its COMMIT.
 */
export interface GroupCommit {
  run<T>(work: () => T): Promise<T>;
}

/** An open database: its drizzle handle, and closing it (after the writes still queued). */
export interface OpenedDb<Db> {
  db: Db;
  /** SQLite's group commit on this connection; none on PostgreSQL (the pool gives the concurrency). */
  writes?: GroupCommit;
  close(): Promise<void>;
}
