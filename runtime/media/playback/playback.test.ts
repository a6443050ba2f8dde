import { describe, expect, it } from "vitest";
import type { ClipFrames } from "./clip-frames";
import { Playback } from "./playback";

const clip = (count: number, samples = 960, tag = 0): ClipFrames => ({
  codec: "opus",
  payloads: Array.from({ length: count }, (_, index) => Buffer.from([tag, index])),
  samples: Array.from({ length: count }, () => samples),
  durationMs: (count * samples) / 48,
});

describe("Playback", () => {
  it("plays clips in order, one 20 ms frame per tick, then ends", () => {
    const playback = new Playback("p", [clip(2, 960, 1), clip(1, 960, 2)]);
    const out: number[][] = [];
    for (let tick = 0; tick < 5; tick += 1) out.push((playback.next(960) ?? []).map((frame) => frame.payload[0] ?? -1));
    expect(out).toEqual([[1], [1], [2], [], []]);
    expect(playback.ended).toBe(true);
    expect(playback.next(960)).toBeUndefined();
    expect(playback.played).toBe(3 * 960);
  });

  it("paces packets of other lengths by time: 40 ms packets every other tick, 10 ms two per tick", () => {
    const long = new Playback("l", [clip(3, 1920)]);
    expect([0, 1, 2, 3, 4, 5].map(() => long.next(960)?.length ?? 0)).toEqual([1, 0, 1, 0, 1, 0]);
    const short = new Playback("s", [clip(4, 480)]);
    expect([0, 1].map(() => short.next(960)?.length ?? 0)).toEqual([2, 2]);
  });

  it("loops music", () => {
    const playback = new Playback("m", [clip(2)], { loop: true });
    for (let tick = 0; tick < 50; tick += 1) expect(playback.next(960)?.length).toBe(1);
    expect(playback.ended).toBe(false);
  });

  it("a loop of nothing ends instead of spinning", () => {
    const playback = new Playback("m", [clip(0)], { loop: true });
    expect(playback.next(960)).toBeUndefined();
  });
});
