import { describe, expect, it } from "vitest";
import { rms, toneLevel } from "../analysis/goertzel";
import { joinPcm, sine, sineFrames } from "../test-support/sine";
import { createResampler, type ResampleRate } from "./resample";

/** Resamples the tone frame by frame (20 ms at a time, as the mixer does) and drops the first 20 ms (the filter's delay). */
function throughFrames(frequency: number, from: ResampleRate, to: ResampleRate, amplitude = 0.5): Int16Array {
  const resampler = createResampler(from, to);
  return joinPcm(sineFrames(frequency, from, 25, amplitude).map((frame) => resampler.process(frame)).slice(1));
}

describe("createResampler", () => {
  it.each([
    [8000, 48000],
    [16000, 48000],
    [8000, 16000],
    [48000, 8000],
    [48000, 16000],
    [16000, 8000],
  ] as const)("%i → %i Hz keeps a 440 Hz and a 1000 Hz tone at their level and frequency", (from, to) => {
    for (const frequency of [440, 1000]) {
      const out = throughFrames(frequency, from, to);
      expect(out.length).toBe((24 * to) / 50);
      expect(toneLevel(out, to, frequency)).toBeGreaterThan(0.48);
      expect(toneLevel(out, to, frequency)).toBeLessThan(0.52);
      expect(toneLevel(out, to, frequency === 440 ? 1000 : 440)).toBeLessThan(0.005);
    }
  });

  it("upsampling 8 → 48 kHz leaves no image of the tone above 4 kHz (a linear interpolator would)", () => {
    const out = throughFrames(440, 8000, 48000);
    expect(toneLevel(out, 48000, 8000 - 440)).toBeLessThan(0.001);
    expect(toneLevel(out, 48000, 8000 + 440)).toBeLessThan(0.001);
  });

  it("downsampling 48 → 8 kHz removes what 8 kHz cannot carry instead of folding it back", () => {
    // 6 kHz folds to 2 kHz at 8 kHz without a low-pass filter.
    const out = throughFrames(6000, 48000, 8000);
    expect(toneLevel(out, 8000, 2000)).toBeLessThan(0.002);
    expect(rms(out)).toBeLessThan(100);
  });

  it("joins frames without a click: frame by frame equals all at once", () => {
    const whole = createResampler(8000, 48000).process(sine(440, 8000, 800));
    const up = createResampler(8000, 48000);
    expect(joinPcm(sineFrames(440, 8000, 5).map((f) => up.process(f)))).toEqual(whole);
    const down = createResampler(48000, 8000);
    expect(joinPcm(sineFrames(440, 48000, 5).map((f) => down.process(f)))).toEqual(createResampler(48000, 8000).process(sine(440, 48000, 4800)));
  });

  it("starts from silence again after reset, and copies at the same rate", () => {
    const resampler = createResampler(8000, 48000);
    const first = resampler.process(sine(440, 8000, 160));
    resampler.process(sine(1000, 8000, 160));
    resampler.reset();
    expect(resampler.process(sine(440, 8000, 160))).toEqual(first);
    const same = createResampler(8000, 8000);
    const input = sine(440, 8000, 160);
    const copy = same.process(input);
    expect(copy).toEqual(input);
    expect(copy).not.toBe(input);
  });

  it("refuses a downsampling frame that does not divide", () => {
    expect(() => createResampler(48000, 8000).process(new Int16Array(100))).toThrow(/multiple of 6/);
  });
});
