import type BetterSqlite3 from "better-sqlite3";

interface Queued {
  /** Runs the work inside the batch's transaction; returns what settles its promise after COMMIT. */
  execute(): () => void;
  /** After a rollback: runs the work in a transaction of its own and settles its promise. */
  executeAlone(): void;
}

/**
 * Group commit. Write transactions asked for during one turn of the event loop run together, right
 * after it (setImmediate), in ONE `BEGIN IMMEDIATE … COMMIT`: one commit then writes the pages
 * many sessions share (table and index pages) once. Every promise settles after the COMMIT, so
 * nobody sees a write before it is durable, and each piece of work stays atomic: when a piece
 * throws, the whole batch is rolled back and every piece is run again in a transaction of its own,
 * in the same order, so only the piece that threw fails (the rare path pays, not every write — a
 * savepoint per piece cost two statements each). The work must be synchronous, run statements on
 * this connection, and have no effect outside the database (it may run twice).
 * PostgreSQL: one transaction per piece of work (the pool gives concurrency instead).
 */
export class WriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly commitAll: (items: readonly Queued[]) => Array<() => void>;
  private readonly client: BetterSqlite3.Database;

  constructor(client: BetterSqlite3.Database) {
    this.client = client;
    this.commitAll = client.transaction((items: readonly Queued[]) => items.map((item) => item.execute())).immediate;
  }

  /** Queues `work` for the next commit; resolves with its value once committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        execute: () => {
          const value = work();
          return () => resolve(value);
        },
        executeAlone: () => {
          try {
            resolve(this.client.transaction(work).immediate());
          } catch (error) {
            reject(error);
          }
        },
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /** Commits what is queued now (also called when the store closes). */
  readonly flush = (): void => {
    this.scheduled = false;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    let settles: Array<() => void>;
    try {
      settles = this.commitAll(items);
    } catch {
      // Rolled back as a whole: each piece again on its own, so only the failing one fails.
      for (const item of items) item.executeAlone();
      return;
    }
    for (const settle of settles) settle();
  };
}
