/**
 * A FIFO async mutex: one holder at a time, the others wait in the order they asked. On SQLite
 * every write transaction on a connection takes that connection's lock (`connectionLock`), so
 * two transactions begun in one tick run one after the other instead of interleaving their awaits
 * inside one `BEGIN … COMMIT`; the group commit (`WriteBatch`) takes the same lock.
 */
export class AsyncLock {
  private held = false;
  private readonly waiting: Array<() => void> = [];

  /** Whether someone holds the lock now. */
  get locked(): boolean {
    return this.held;
  }

  /** Takes the lock at once when it is free: answers the release, else undefined. */
  tryAcquire(): (() => void) | undefined {
    if (this.held) return undefined;
    this.held = true;
    return this.releaser();
  }

  /** Resolves with the release once the lock is ours. */
  acquire(): Promise<() => void> {
    const now = this.tryAcquire();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // Handed straight to the next waiter: nobody can take it in between.
      if (next === undefined) this.held = false;
      else next();
    };
  }
}

const locks = new WeakMap<object, AsyncLock>();

/** The one lock of a connection (any object standing for it: the better-sqlite3 handle). */
export function connectionLock(connection: object): AsyncLock {
  let lock = locks.get(connection);
  if (lock === undefined) {
    lock = new AsyncLock();
    locks.set(connection, lock);
  }
  return lock;
}
