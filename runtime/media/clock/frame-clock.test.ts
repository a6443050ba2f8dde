import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FrameClock, type Tick } from "./frame-clock";

describe("FrameClock", () => {
  let now = 0;
  beforeEach(() => {
    now = 0;
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  /** Runs the fake timers for `ms` of the clock's own time (which the ticks' work may also move). */
  function run(ms: number, step = 1): void {
    const until = now + ms;
    while (now < until) {
      now += step;
      vi.advanceTimersByTime(step);
    }
  }

  it("ticks every 20 ms on absolute deadlines: a slow tick does not push the next ones back", () => {
    const clock = new FrameClock({ now: () => now });
    const ticks: Tick[] = [];
    clock.subscribe((tick) => {
      ticks.push(tick);
      now += 7; // each tick's work takes 7 ms
    });
    run(1000);
    expect(ticks.length).toBeGreaterThanOrEqual(49);
    expect(ticks.length).toBeLessThanOrEqual(51);
    expect(ticks.map((tick) => tick.dueAt)).toEqual(ticks.map((_, index) => (index + 1) * 20));
  });

  it("after a stall it runs at most maxCatchUp overdue ticks back to back and skips the rest (no burst)", () => {
    const clock = new FrameClock({ now: () => now, maxCatchUp: 2 });
    const ticks: Tick[] = [];
    clock.subscribe((tick) => ticks.push(tick));
    run(100);
    const before = ticks.length;
    now += 300; // the process stalled for 300 ms (15 frames)
    run(20);
    const burst = ticks.slice(before);
    expect(burst.length).toBeLessThanOrEqual(4);
    expect(burst.reduce((sum, tick) => sum + tick.skipped, 0)).toBeGreaterThanOrEqual(12);
    expect(clock.lateness.summary().skippedFrames).toBeGreaterThanOrEqual(12);
  });

  it("the max lateness of a stall is the stall: the oldest frame it skipped, not the ticks that ran after it", () => {
    const clock = new FrameClock({ now: () => now, maxCatchUp: 2 });
    clock.subscribe(() => {});
    run(100);
    now += 300; // stalled for 300 ms: the frame due just after the stall began is ~300 ms late
    run(20);
    const summary = clock.lateness.summary();
    expect(summary.skippedFrames).toBeGreaterThanOrEqual(12);
    expect(summary.maxMs).toBeGreaterThanOrEqual(280);
    expect(summary.maxMs).toBeLessThanOrEqual(320);
  });

  it("runs only while someone listens", () => {
    const clock = new FrameClock({ now: () => now });
    const stop = clock.subscribe(() => {});
    expect(clock.running).toBe(true);
    stop();
    expect(clock.running).toBe(false);
  });

  it("measures lateness: p50, p99, max", () => {
    const clock = new FrameClock({ now: () => now });
    clock.subscribe(() => {});
    run(2000, 3); // timers fire up to 3 ms late
    const summary = clock.lateness.summary();
    expect(summary.ticks).toBeGreaterThan(90);
    expect(summary.maxMs).toBeGreaterThan(0);
    expect(summary.maxMs).toBeLessThanOrEqual(3);
    expect(summary.p99Ms).toBeLessThanOrEqual(summary.maxMs);
  });
});
