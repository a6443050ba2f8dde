import { RateWindow, type Taken } from "./rate-window";

export interface KeyedRateWindowsOptions {
  limit: number;
  windowMs: number;
  /** The most keys kept (default 50,000): past it, the least recently used key is dropped. */
  maxKeys?: number;
}

/**
 * One `RateWindow` per key (e.g. a client address), in bounded memory: at most `limit` stamps per
 * key, keys idle for a whole window swept at most once per window (on a `take`), and at most
 * `maxKeys` keys (the least recently used dropped first — an attacker with more addresses than
 * that resets the oldest ones' counts, but memory stays bounded).
 */
export class KeyedRateWindows {
  private readonly windows = new Map<string, RateWindow>();
  private lastSweep = 0;
  private readonly maxKeys: number;

  constructor(private readonly options: KeyedRateWindowsOptions) {
    this.maxKeys = options.maxKeys ?? 50_000;
  }

  /** How many keys are kept now. */
  get size(): number {
    return this.windows.size;
  }

  take(key: string, now: number): Taken {
    if (this.options.limit <= 0) return { ok: true };
    if (now - this.lastSweep >= this.options.windowMs) this.sweep(now);
    let window = this.windows.get(key);
    if (window === undefined) window = new RateWindow(this.options.limit, this.options.windowMs);
    else this.windows.delete(key); // re-inserted below: the Map's order is least recently used first
    this.windows.set(key, window);
    const taken = window.take(now);
    while (this.windows.size > this.maxKeys) {
      const oldest = this.windows.keys().next();
      if (oldest.done === true) break;
      this.windows.delete(oldest.value);
    }
    return taken;
  }

  /** Drops the keys with nothing admitted within the window. */
  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, window] of this.windows) if (window.idle(now)) this.windows.delete(key);
  }
}
