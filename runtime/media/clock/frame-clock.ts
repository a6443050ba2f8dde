import { LatenessStats } from "./lateness-stats";

/** What a tick hands its subscribers. */
export interface Tick {
  /** Counts ticks from the clock's start: frame n is due at start + n × 20 ms. */
  frame: number;
  /** When this tick was due (performance.now() ms). */
  dueAt: number;
  /** How late it ran (ms, ≥ 0). */
  lateMs: number;
  /** Frames the clock skipped before this one because it fell behind by more than `maxCatchUp` frames. */
  skipped: number;
}

export interface FrameClockOptions {
  /** Default 20 ms. */
  periodMs?: number;
  /** After a stall, at most this many overdue ticks run back to back; older ones are skipped (default 2): never a burst. */
  maxCatchUp?: number;
  now?: () => number;
}

/**
 * The media plane's one 20 ms clock. Deadlines are absolute (start + n × period), so the clock
 * does not drift however late one tick runs; after a stall it runs at most `maxCatchUp` overdue
 * ticks and skips the rest (counted), so a stalled process never sends a burst of frames.
 * It runs only while someone listens.
 */
export class FrameClock {
  readonly periodMs: number;
  readonly lateness = new LatenessStats();
  private readonly maxCatchUp: number;
  private readonly now: () => number;
  private readonly listeners = new Set<(tick: Tick) => void>();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private frame = 0;

  constructor(options: FrameClockOptions = {}) {
    this.periodMs = options.periodMs ?? 20;
    this.maxCatchUp = options.maxCatchUp ?? 2;
    this.now = options.now ?? (() => performance.now());
  }

  /** Calls `listener` on every tick until the returned function is called. */
  subscribe(listener: (tick: Tick) => void): () => void {
    this.listeners.add(listener);
    if (this.timer === undefined) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  private start(): void {
    this.startedAt = this.now();
    this.frame = 0;
    this.schedule();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const dueAt = this.startedAt + (this.frame + 1) * this.periodMs;
    this.timer = setTimeout(() => this.run(), Math.max(0, dueAt - this.now()));
  }

  private run(): void {
    let now = this.now();
    let skipped = 0;
    let stalledMs = 0;
    const overdue = Math.floor((now - this.startedAt) / this.periodMs) - this.frame;
    if (overdue > this.maxCatchUp) {
      skipped = overdue - this.maxCatchUp;
      // The oldest frame it skips was due this long ago: how late the stall made the clock.
      stalledMs = now - (this.startedAt + (this.frame + 1) * this.periodMs);
      this.frame += skipped;
    }
    // Every tick that is due now runs (at most maxCatchUp + 1 of them).
    while (this.timer !== undefined && this.startedAt + (this.frame + 1) * this.periodMs <= now) {
      this.frame += 1;
      const dueAt = this.startedAt + this.frame * this.periodMs;
      const tick: Tick = { frame: this.frame, dueAt, lateMs: Math.max(0, now - dueAt), skipped };
      this.lateness.record(tick.lateMs, skipped, stalledMs);
      skipped = 0;
      stalledMs = 0;
      for (const listener of this.listeners) listener(tick);
      now = this.now();
    }
    if (this.listeners.size > 0) this.schedule();
    else this.stop();
  }
}
