import type BetterSqlite3 from "better-sqlite3";
import { type AsyncLock, connectionLock } from "./dialect/connection-lock";

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
 * A batch holds the connection's lock (`connectionLock`, shared with `inTransaction` of
 * `#store-dialect`): while a transaction is open, the batch waits for its COMMIT or ROLLBACK
 * rather than run inside it.
 * PostgreSQL: one transaction per piece of work (the pool gives concurrency instead).
 */
export class WriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  /** The batch is waiting for a transaction to end (it then commits whatever is queued by then). */
  private waitingForLock = false;
  private readonly commitAll: (items: readonly Queued[]) => Array<() => void>;
  private readonly client: BetterSqlite3.Database;
  private readonly lock: AsyncLock;

  constructor(client: BetterSqlite3.Database) {
    this.client = client;
    this.lock = connectionLock(client);
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

  /**
   * Commits what is queued now (also called when the store closes); while a transaction holds the
   * connection, right after it ends.
   */
  readonly flush = (): void => {
    if (this.queue.length === 0) {
      this.scheduled = false;
      return;
    }
    const release = this.lock.tryAcquire();
    if (release === undefined) {
      if (this.waitingForLock) return;
      this.waitingForLock = true;
      void this.lock.acquire().then((acquired) => {
        this.waitingForLock = false;
        try {
          this.commitQueued();
        } finally {
          acquired();
        }
      });
      return;
    }
    try {
      this.commitQueued();
    } finally {
      release();
    }
  };

  private commitQueued(): void {
    this.scheduled = false;
    const items = this.queue;
    if (items.length === 0) return;
    this.queue = [];
    if (!this.client.open) {
      // Closed while a transaction held the connection: each piece rejects with the driver's error.
      for (const item of items) item.executeAlone();
      return;
    }
    let settles: Array<() => void>;
    try {
      settles = this.commitAll(items);
    } catch {
      // Rolled back as a whole: each piece again on its own, so only the failing one fails.
      for (const item of items) item.executeAlone();
      return;
    }
    for (const settle of settles) settle();
  }
}
