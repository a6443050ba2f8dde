export interface BoundedKeyMapOptions<V> {
  /** The most keys kept: past it, the least recently used key is dropped. */
  maxKeys: number;
  /** How often (at most) a `use` sweeps out the idle values. */
  sweepEveryMs: number;
  /** Whether a value holds nothing worth keeping any more at `now` (a new one would behave the same). */
  idle: (value: V, now: number) => boolean;
}

/**
 * A Map of per-key state (a client address's rate window, an account's failures) in bounded
 * memory: idle values are swept at most once per `sweepEveryMs` (on a `use`), and at most
 * `maxKeys` keys are kept, the least recently used dropped first — an attacker with more keys
 * than that resets the oldest ones' state, but memory stays bounded.
 */
export class BoundedKeyMap<V> {
  private readonly values = new Map<string, V>();
  private lastSweep = 0;

  constructor(private readonly options: BoundedKeyMapOptions<V>) {}

  /** How many keys are kept now. */
  get size(): number {
    return this.values.size;
  }

  /** The value of `key` without touching it. */
  peek(key: string): V | undefined {
    return this.values.get(key);
  }

  /** The value of `key` (made by `create` when there is none), now the most recently used. */
  use(key: string, now: number, create: () => V): V {
    if (now - this.lastSweep >= this.options.sweepEveryMs) this.sweep(now);
    let value = this.values.get(key);
    if (value === undefined) value = create();
    else this.values.delete(key); // re-inserted below: the Map's order is least recently used first
    this.values.set(key, value);
    while (this.values.size > this.options.maxKeys) {
      const oldest = this.values.keys().next();
      if (oldest.done === true) break;
      this.values.delete(oldest.value);
    }
    return value;
  }

  delete(key: string): void {
    this.values.delete(key);
  }

  /** Drops the idle values. */
  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, value] of this.values) if (this.options.idle(value, now)) this.values.delete(key);
  }
}
