import type BetterSqlite3 from "better-sqlite3";
import { type AsyncLock, connectionLock } from "./dialect/connection-lock";

interface Queued {
  /** Runs the work inside a transaction: what settles its promise after COMMIT (for async work, once it is done). */
  execute(): (() => void) | Promise<() => void>;
  /** Rejects its promise (the work failed alone). */
  reject(error: unknown): void;
}

/**
 * Group commit (SQLite). Write transactions asked for during one turn of the event loop run
 * together, right after it (setImmediate), in ONE `BEGIN IMMEDIATE … COMMIT`: one commit then
 * writes the pages many sessions share (table and index pages) once. Every promise settles after
 * the COMMIT, so nobody sees a write before it is durable, and each piece of work stays atomic:
 * when a piece throws, the whole batch is rolled back and every piece is run again in a
 * transaction of its own, in the same order, so only the piece that threw fails (the rare path
 * pays, not every write — a savepoint per piece cost two statements each).
 *
 * A piece runs statements on this connection and has no effect outside the database (it may run
 * twice). It may be synchronous, or async awaiting only this store's statements (the
 * `#store-dialect` helpers, settled at once on SQLite): the pieces run one after the other, each
 * awaited before the next begins.
 * A batch holds the connection's lock (`connectionLock`, shared with `inTransaction` of
 * `#store-dialect`) from BEGIN to COMMIT: while a transaction is open, the batch waits for its
 * COMMIT or ROLLBACK rather than run inside it, and one batch at a time.
 * PostgreSQL has no batch: `groupCommit` of `#store-dialect` runs one transaction per piece
 * (runtime/store/README.md, "PostgreSQL").
 */
export class WriteBatch {
  private queue: Queued[] = [];
  private scheduled = false;
  /** A batch under way: waiting for the lock, or between its BEGIN and COMMIT. */
  private running: Promise<void> | undefined;
  /** Closing the connection, once nothing is queued or running (`closeWhenIdle`). */
  private closing: { close: () => void; done: () => void } | undefined;
  private readonly lock: AsyncLock;
  private readonly control: Record<"begin" | "commit" | "rollback", BetterSqlite3.Statement>;

  constructor(private readonly client: BetterSqlite3.Database) {
    this.lock = connectionLock(client);
    this.control = { begin: client.prepare("BEGIN IMMEDIATE"), commit: client.prepare("COMMIT"), rollback: client.prepare("ROLLBACK") };
  }

  /** Queues `work` for the next commit; resolves with its value once committed. */
  run<T>(work: () => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        execute: () => {
          const value = work();
          return value instanceof Promise ? value.then((done: T) => () => resolve(done)) : () => resolve(value);
        },
        reject,
      });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  }

  /**
   * Commits what is queued now; while a transaction holds the connection (or a batch is under
   * way), right after it ends.
   */
  readonly flush = (): void => {
    this.scheduled = false;
    if (this.running !== undefined) return;
    if (this.queue.length === 0) {
      this.closeIfIdle();
      return;
    }
    const release = this.lock.tryAcquire();
    this.running = (release === undefined ? this.lock.acquire().then((acquired) => this.commitQueued(acquired)) : this.commitQueued(release)).finally(() => {
      this.running = undefined;
      // What was queued while this batch ran goes in the next one, after this turn of the event
      // loop like any other (flushing at once would commit a fragment of it on its own).
      if (this.queue.length === 0) this.closeIfIdle();
      else if (this.closing !== undefined) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(this.flush);
      }
    });
  };

  /**
   * Closes the connection with `close` once everything queued is committed: at once when the
   * batch is idle (resolves then), else right after the batch under way and the ones queued.
   */
  closeWhenIdle(close: () => void): Promise<void> {
    return new Promise<void>((done) => {
      this.closing = { close, done };
      this.flush();
    });
  }

  private closeIfIdle(): void {
    const closing = this.closing;
    if (closing === undefined || this.running !== undefined || this.queue.length > 0) return;
    this.closing = undefined;
    closing.close();
    closing.done();
  }

  private async commitQueued(release: () => void): Promise<void> {
    const items = this.queue;
    this.queue = [];
    try {
      if (!this.client.open) {
        // Closed while a transaction held the connection: each piece rejects with the driver's error.
        for (const item of items) await this.runAlone(item);
        return;
      }
      const settles: Array<() => void> = [];
      try {
        this.control.begin.run();
        for (const item of items) {
          const settle = item.execute();
          // A synchronous piece goes on at once; an async one's statements are settled on SQLite.
          settles.push(settle instanceof Promise ? await settle : settle);
        }
        this.control.commit.run();
      } catch {
        if (this.client.open && this.client.inTransaction) this.control.rollback.run();
        // Rolled back as a whole: each piece again on its own, so only the failing one fails.
        for (const item of items) await this.runAlone(item);
        return;
      }
      for (const settle of settles) settle();
    } finally {
      release();
    }
  }

  /** One piece in a transaction of its own; settles its promise. */
  private async runAlone(item: Queued): Promise<void> {
    let settle: () => void;
    try {
      this.control.begin.run();
      const pending = item.execute();
      settle = pending instanceof Promise ? await pending : pending;
      this.control.commit.run();
    } catch (error) {
      if (this.client.open && this.client.inTransaction) this.control.rollback.run();
      item.reject(error);
      return;
    }
    settle();
  }
}

const batches = new WeakMap<BetterSqlite3.Database, WriteBatch>();

/** The one group commit of a connection (`openDatabase` and `groupCommit` of `#store-dialect` share it). */
export function writeBatchOf(client: BetterSqlite3.Database): WriteBatch {
  let batch = batches.get(client);
  if (batch === undefined) {
    batch = new WriteBatch(client);
    batches.set(client, batch);
  }
  return batch;
}
