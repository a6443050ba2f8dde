import { describe, expect, it } from "vitest";
import { rms, toneLevel } from "./tone-detector";

const sine = (frequency: number, amplitude: number, sampleRate: number, count: number) =>
  Float32Array.from({ length: count }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate));

describe("the test tone detector", () => {
  it("reads a tone's amplitude and ignores other frequencies", () => {
    const mixed = sine(440, 0.25, 48000, 4800).map((value, i) => value + 0.1 * Math.sin((2 * Math.PI * 1000 * i) / 48000));
    expect(toneLevel(mixed, 48000, 440)).toBeCloseTo(0.25, 2);
    expect(toneLevel(mixed, 48000, 1000)).toBeCloseTo(0.1, 2);
    expect(toneLevel(mixed, 48000, 700)).toBeLessThan(0.01);
  });

  it("gives 0 for silence and for no samples; rms of a sine is amplitude/√2", () => {
    expect(toneLevel(new Float32Array(960), 48000, 440)).toBe(0);
    expect(toneLevel([], 48000, 440)).toBe(0);
    expect(rms(sine(440, 0.5, 48000, 4800))).toBeCloseTo(0.5 / Math.SQRT2, 3);
  });
});
