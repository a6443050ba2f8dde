import type BetterSqlite3 from "better-sqlite3";

interface Queued {
  /** Runs the work in its own savepoint, inside the batch's transaction. */
  execute(): void;
  /** After COMMIT: resolves with the work's value, or rejects with what it threw. */
  settle(): void;
  /** The batch's transaction failed as a whole. */
  fail(error: unknown): void;
}

/**
 * Group commit. Write transactions asked for during one turn of the event loop run together, right
 * after it (setImmediate), in ONE `BEGIN IMMEDIATE … COMMIT`, each in its own savepoint: work that
 * throws rolls back only its own writes and rejects only its own promise. Every promise settles
 * after the COMMIT, so nobody sees a write before it is durable, and each piece of work stays
 * atomic. One commit then writes the pages many sessions share (table and index pages) once.
 * The work must be synchronous and run statements on this connection.
 * PostgreSQL: one transaction per piece of work (the pool gives concurrency instead).
 */
export class WriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  private readonly commitAll: (items: readonly Queued[]) => void;
  private readonly savepoint: (work: () => void) => void;

  constructor(client: BetterSqlite3.Database) {
    // Called inside a transaction, a better-sqlite3 transaction function uses a savepoint.
    this.savepoint = client.transaction((work: () => void) => work());
    this.commitAll = client.transaction((items: readonly Queued[]) => {
      for (const item of items) item.execute();
    }).immediate;
  }

  /** Queues `work` for the next commit; resolves with its value once committed. */
  run<T>(work: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settle: () => void = () => reject(new Error("the write batch was committed without running this work"));
      this.queue.push({
        execute: () => {
          try {
            this.savepoint(() => {
              const value = work();
              settle = () => resolve(value);
            });
          } catch (error) {
            settle = () => reject(error);
          }
        },
        settle: () => settle(),
        fail: reject,
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
    try {
      this.commitAll(items);
    } catch (error) {
      for (const item of items) item.fail(error);
      return;
    }
    for (const item of items) item.settle();
  };
}
