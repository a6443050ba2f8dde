import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import type { ClaimedTimer, Store } from "../store/index";
import { SessionNotFound } from "./session-errors";
import type { SessionRunner } from "./session-runner";
import { timerEvent } from "./timer-event";

export interface TimerWorkerOptions {
  store: Pick<Store, "timers" | "sessions">;
  runner: SessionRunner;
  /** Stable per process. Default: host, pid and a random suffix. */
  workerId?: string;
  /** How long a claim holds before another worker may take the timer (default 60 s, above the 10 s HTTP cap). */
  leaseMs?: number;
  /** Timers claimed at once, fired concurrently (default 50). */
  batchSize?: number;
  /** Longest sleep between polls (default 250 ms). */
  maxSleepMs?: number;
  /** Default: the runner's clock. */
  clock?: () => Date;
  /** Each batch as it is claimed, with the claim time (ms): `/metrics` counts them and how late they are. */
  onClaimed?: (timers: readonly ClaimedTimer[], now: number) => void;
  /** Errors while firing a timer (the timer is retried after its lease). Default: console.error. */
  onError?: (error: unknown, timer: ClaimedTimer | undefined) => void;
}

/**
 * Fires durable timers: claim due timers (a lease), drop the stale ones (the session's rev moved
 * on since the timer was armed), dispatch the rest as events through the runner, mark them fired.
 * A worker that dies between claim and markFired leaves the claim to expire; the timer is claimed
 * again, and the rev and token checks keep it from being applied twice.
 */
export class TimerWorker {
  readonly workerId: string;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly maxSleepMs: number;
  private readonly clock: () => Date;
  private readonly onError: (error: unknown, timer: ClaimedTimer | undefined) => void;
  private running = false;
  private loop: Promise<void> | undefined;
  private stopObserving: (() => void) | undefined;
  /** Serialises runDue calls (the loop's and a caller's). */
  private draining: Promise<unknown> = Promise.resolve();
  private sleeping: { until: number; wake: () => void } | undefined;

  constructor(private readonly options: TimerWorkerOptions) {
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? 60_000;
    this.batchSize = options.batchSize ?? 50;
    this.maxSleepMs = options.maxSleepMs ?? 250;
    this.clock = options.clock ?? options.runner.clock;
    this.onError = options.onError ?? ((error, timer) => console.error(`timer worker: timer ${timer?.id ?? "poll"} failed`, error));
  }

  /** Starts polling: sleeps until the next timer is due (at most maxSleepMs), or until this process arms an earlier one. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopObserving = this.options.runner.observe({ onTimerArmed: (dueAt) => this.wakeFor(dueAt) });
    this.loop = this.poll();
  }

  /** Stops polling and waits for the timers being fired to finish. */
  async stop(): Promise<void> {
    this.running = false;
    this.stopObserving?.();
    this.stopObserving = undefined;
    this.sleeping?.wake();
    await this.loop;
    this.loop = undefined;
  }

  /** Fires every timer due now, batch after batch; returns how many were claimed. */
  runDue(): Promise<number> {
    const run = this.draining.then(() => this.drain());
    this.draining = run.catch(() => undefined);
    return run;
  }

  private async drain(): Promise<number> {
    let claimedCount = 0;
    for (;;) {
      const now = this.clock().getTime();
      const claimed = await this.options.store.timers.claimDueTimers({
        workerId: this.workerId,
        leaseMs: this.leaseMs,
        limit: this.batchSize,
        now,
      });
      if (claimed.length === 0) return claimedCount;
      this.options.onClaimed?.(claimed, now);
      claimedCount += claimed.length;
      await Promise.all(claimed.map((timer) => this.fire(timer)));
    }
  }

  private async fire(timer: ClaimedTimer): Promise<void> {
    const { store, runner } = this.options;
    try {
      const head = await store.sessions.getSessionHead(timer.sessionId);
      const event = timerEvent(timer.kind, timer.payload);
      if (head === undefined || head.status === "ended" || head.rev !== timer.sessionRev || event === undefined) {
        if (event === undefined) this.onError(new Error(`timer of unknown kind ${timer.kind} or malformed payload`), timer);
        await store.timers.markFired(timer.id, this.workerId);
        return;
      }
      await runner.dispatch(timer.sessionId, event, { origin: "timer" });
      await store.timers.markFired(timer.id, this.workerId);
    } catch (error) {
      if (error instanceof SessionNotFound) {
        await store.timers.markFired(timer.id, this.workerId);
        return;
      }
      this.onError(error, timer);
    }
  }

  private async poll(): Promise<void> {
    while (this.running) {
      try {
        await this.runDue();
        if (!this.running) return;
        const next = await this.options.store.timers.nextDueAt();
        const now = this.clock().getTime();
        await this.sleep(next === undefined ? this.maxSleepMs : Math.min(Math.max(next - now, 0), this.maxSleepMs));
      } catch (error) {
        this.onError(error, undefined);
        await this.sleep(this.maxSleepMs);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timeout);
        this.sleeping = undefined;
        resolve();
      };
      const timeout = setTimeout(wake, ms);
      this.sleeping = { until: this.clock().getTime() + ms, wake };
    });
  }

  /** A timer was armed in this process: wake up if it is due before the current sleep ends. */
  private wakeFor(dueAt: number): void {
    if (this.sleeping !== undefined && dueAt < this.sleeping.until) this.sleeping.wake();
  }
}
