import { describe, expect, it } from "vitest";
import { KeyedRateWindows } from "./keyed-rate-windows";
import { RateWindow } from "./rate-window";

describe("RateWindow (at most `limit` in any window)", () => {
  it("admits the limit, refuses the next with the time until the oldest leaves, and admits again then", () => {
    const window = new RateWindow(3, 10_000);
    expect([0, 1_000, 2_000].map((at) => window.take(at).ok)).toEqual([true, true, true]);
    expect(window.take(4_000)).toEqual({ ok: false, retryAfterMs: 6_000 });
    // A refusal is not counted: at 10 s the first stamp has left, one more fits.
    expect(window.take(10_000)).toEqual({ ok: true });
    expect(window.take(10_500)).toEqual({ ok: false, retryAfterMs: 500 });
    expect(window.idle(19_999)).toBe(false);
    expect(window.idle(20_000)).toBe(true);
  });

  it("limit 0 is no limit", () => {
    const window = new RateWindow(0, 1_000);
    for (let n = 0; n < 100; n += 1) expect(window.take(0).ok).toBe(true);
  });
});

describe("KeyedRateWindows (one window per key, bounded)", () => {
  it("counts keys apart", () => {
    const windows = new KeyedRateWindows({ limit: 1, windowMs: 1_000 });
    expect(windows.take("a", 0).ok).toBe(true);
    expect(windows.take("a", 1).ok).toBe(false);
    expect(windows.take("b", 2).ok).toBe(true);
  });

  it("sweeps keys idle for a whole window, at most once per window", () => {
    const windows = new KeyedRateWindows({ limit: 5, windowMs: 1_000 });
    for (let n = 0; n < 1_000; n += 1) windows.take(`10.0.${Math.floor(n / 256)}.${n % 256}`, 0);
    expect(windows.size).toBe(1_000);
    windows.take("late", 500);
    expect(windows.size).toBe(1_001);
    // A window later: everything taken at 0 is gone; "late" (500) is still counting.
    windows.take("later", 1_000);
    expect(windows.size).toBe(2);
  });

  it("keeps at most maxKeys, dropping the least recently used", () => {
    const windows = new KeyedRateWindows({ limit: 1, windowMs: 60_000, maxKeys: 3 });
    for (const key of ["a", "b", "c"]) windows.take(key, 0);
    expect(windows.take("a", 1).ok).toBe(false); // "a" is now the most recent
    windows.take("d", 2);
    expect(windows.size).toBe(3);
    expect(windows.take("a", 3).ok).toBe(false);
    expect(windows.take("b", 4).ok).toBe(true); // "b" was dropped: a fresh window
  });
});
