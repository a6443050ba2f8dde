/** What a `take` answered: admitted, or refused with how long until one more would be. */
export type Taken = { ok: true } | { ok: false; retryAfterMs: number };

/**
 * At most `limit` events in any `windowMs` (a sliding window log): the times of the admitted
 * events within the window, at most `limit` of them. A refused event is not counted, so a client
 * that waits out `retryAfterMs` is admitted again. `limit` 0 admits everything (no limit).
 */
export class RateWindow {
  private readonly stamps: number[] = [];

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  take(now: number): Taken {
    if (this.limit <= 0) return { ok: true };
    this.forget(now);
    if (this.stamps.length >= this.limit) {
      const oldest = this.stamps[0] ?? now;
      return { ok: false, retryAfterMs: Math.max(1, oldest + this.windowMs - now) };
    }
    this.stamps.push(now);
    return { ok: true };
  }

  /** Nothing admitted within the window: the window may be dropped (a new one behaves the same). */
  idle(now: number): boolean {
    this.forget(now);
    return this.stamps.length === 0;
  }

  private forget(now: number): void {
    let expired = 0;
    while (expired < this.stamps.length && (this.stamps[expired] ?? now) <= now - this.windowMs) expired += 1;
    if (expired > 0) this.stamps.splice(0, expired);
  }
}
