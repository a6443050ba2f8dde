import { BoundedKeyMap } from "./bounded-key-map";

/** How a key's failures slow it down. */
export interface BackoffPolicy {
  /** Failures within the window allowed before delays start; 0 turns the limit off. */
  freeFailures: number;
  /** How long a failure counts. */
  windowMs: number;
  /** The delay after the `freeFailures`-th failure; it doubles with each further one. */
  delayMs: number;
  /** The longest delay. */
  maxDelayMs: number;
}

/** What `attempt` answered: go ahead, or wait `retryAfterMs` first. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number };

interface Failures {
  /** When each counted failure happened, oldest first (at most as many as reach the longest delay). */
  stamps: number[];
  /** Attempts admitted and not yet known to have failed or not. */
  pending: number;
  /** No attempt before this. */
  lockedUntil: number;
}

/**
 * Exponential back-off per key (an account, a client address): after `freeFailures` failures in
 * the window, the next attempt waits `delayMs` after the last failure, then twice that after the
 * next failure, and so on up to `maxDelayMs`. An admitted attempt counts as pending until its
 * outcome is known, so a burst of parallel attempts is refused beyond the free ones at once
 * (they would otherwise all be checked before the first failure is recorded). Memory is bounded
 * (`BoundedKeyMap`): keys with no failure in the window are swept, and at most `maxKeys` kept.
 */
export class FailureBackoff {
  private readonly keys: BoundedKeyMap<Failures>;
  private readonly maxStamps: number;

  constructor(
    private readonly policy: BackoffPolicy,
    maxKeys = 20_000,
  ) {
    this.keys = new BoundedKeyMap({ maxKeys, sweepEveryMs: Math.min(policy.windowMs, 60_000), idle: (entry, now) => this.idle(entry, now) });
    const doublings = Math.ceil(Math.log2(Math.max(1, policy.maxDelayMs / policy.delayMs)));
    this.maxStamps = policy.freeFailures + doublings + 1;
  }

  /** How many keys are kept now. */
  get size(): number {
    return this.keys.size;
  }

  /** Before checking a secret: refused while the key waits out a delay; else counted as pending. */
  attempt(key: string, now: number): Admission {
    if (this.policy.freeFailures <= 0) return { ok: true };
    const entry = this.keys.use(key, now, () => ({ stamps: [], pending: 0, lockedUntil: 0 }));
    this.forget(entry, now);
    if (now < entry.lockedUntil) return { ok: false, retryAfterMs: entry.lockedUntil - now };
    const counted = entry.stamps.length + entry.pending;
    // The free attempts are used up by failures and attempts still being checked: wait for their outcome.
    if (counted >= this.policy.freeFailures && entry.pending > 0) return { ok: false, retryAfterMs: this.delay(counted + 1) };
    entry.pending += 1;
    return { ok: true };
  }

  /** The admitted attempt failed: counted, and once past the free ones the key waits from now. */
  failed(key: string, now: number): void {
    if (this.policy.freeFailures <= 0) return;
    const entry = this.keys.use(key, now, () => ({ stamps: [], pending: 1, lockedUntil: 0 }));
    entry.pending = Math.max(0, entry.pending - 1);
    this.forget(entry, now);
    entry.stamps.push(now);
    if (entry.stamps.length > this.maxStamps) entry.stamps.shift();
    const count = entry.stamps.length;
    if (count >= this.policy.freeFailures) entry.lockedUntil = Math.max(entry.lockedUntil, now + this.delay(count));
  }

  /** The admitted attempt was not a failure (it succeeded, or was never checked): not counted. */
  forgive(key: string): void {
    const entry = this.keys.peek(key);
    if (entry !== undefined) entry.pending = Math.max(0, entry.pending - 1);
  }

  /** Forgets every failure of the key (a successful sign-in to an account). */
  reset(key: string): void {
    this.keys.delete(key);
  }

  /** The delay after the `count`-th failure (count ≥ freeFailures). */
  private delay(count: number): number {
    const doublings = Math.max(0, count - this.policy.freeFailures);
    return Math.min(this.policy.maxDelayMs, this.policy.delayMs * 2 ** Math.min(doublings, 40));
  }

  private forget(entry: Failures, now: number): void {
    let expired = 0;
    while (expired < entry.stamps.length && (entry.stamps[expired] ?? now) <= now - this.policy.windowMs) expired += 1;
    if (expired > 0) entry.stamps.splice(0, expired);
  }

  private idle(entry: Failures, now: number): boolean {
    this.forget(entry, now);
    return entry.pending === 0 && entry.stamps.length === 0 && now >= entry.lockedUntil;
  }
}
