import { BoundedKeyMap } from "../../http/throttle/bounded-key-map";
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
  private readonly windows: BoundedKeyMap<RateWindow>;

  constructor(private readonly options: KeyedRateWindowsOptions) {
    this.windows = new BoundedKeyMap({ maxKeys: options.maxKeys ?? 50_000, sweepEveryMs: options.windowMs, idle: (window, now) => window.idle(now) });
  }

  /** How many keys are kept now. */
  get size(): number {
    return this.windows.size;
  }

  take(key: string, now: number): Taken {
    if (this.options.limit <= 0) return { ok: true };
    return this.windows.use(key, now, () => new RateWindow(this.options.limit, this.options.windowMs)).take(now);
  }

  /** Drops the keys with nothing admitted within the window. */
  sweep(now: number): void {
    this.windows.sweep(now);
  }
}
