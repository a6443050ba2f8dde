import { describe, expect, it } from "vitest";
import { aLawToPcm, muLawToPcm, pcmToALaw, pcmToMuLaw } from "../codecs/g711";
import { createOpusDecoder, createOpusEncoder, type OpusRate } from "../codecs/opus-codec";
import { joinPcm, sine, sineFrames } from "../test-support/sine";
import { goertzelPower, rms, toneLevel } from "./goertzel";

/** Deterministic white noise (a linear congruential generator), amplitude relative to full scale. */
function noise(samples: number, amplitude: number): Int16Array {
  let state = 12345;
  return Int16Array.from({ length: samples }, () => {
    state = (state * 1103515245 + 12345) >>> 0;
    return Math.round(((state / 0xffffffff) * 2 - 1) * amplitude * 32767);
  });
}

const caller = 440; // the caller page's microphone tone
const agent = 1000; // the agent page's
const pairs: ReadonlyArray<readonly [number, number]> = [
  [caller, agent],
  [agent, caller],
];

describe("toneLevel", () => {
  it.each([
    [caller, agent],
    [agent, caller],
  ])("finds a %i Hz tone at its frequency and not at %i Hz", (present, absent) => {
    const tone = sine(present, 8000, 1600, 0.5);
    expect(toneLevel(tone, 8000, present)).toBeCloseTo(0.5, 2);
    expect(toneLevel(tone, 8000, absent)).toBeLessThan(0.01);
  });

  it("reads a 0.125 tone as 0.125 (MEDIA.md 1.5: P/(N²/4) = 0.016) in Int16 and Float32 alike", () => {
    const tone = sine(1000, 48000, 4800, 0.125);
    const n = tone.length;
    expect(goertzelPower(tone, 48000, 1000) / ((n * n) / 4)).toBeCloseTo(0.0156, 3);
    const float = Float32Array.from(tone, (x) => x / 32768);
    expect(toneLevel(float, 48000, 1000)).toBeCloseTo(toneLevel(tone, 48000, 1000), 4);
  });

  it("ignores noise: a tone under noise is found, noise alone is not", () => {
    const hiss = noise(8000, 0.3);
    const noisy = Int16Array.from(sine(caller, 8000, 8000, 0.1), (x, i) => x + (hiss[i] ?? 0));
    expect(toneLevel(noisy, 8000, caller)).toBeGreaterThan(0.08);
    expect(toneLevel(noise(8000, 0.3), 8000, caller)).toBeLessThan(0.02);
    expect(rms(noise(8000, 0.3))).toBeGreaterThan(rms(sine(caller, 8000, 8000, 0.1)));
  });

  it("reads silence and empty input as 0", () => {
    expect(toneLevel(new Int16Array(800), 8000, caller)).toBe(0);
    expect(toneLevel(new Int16Array(0), 8000, caller)).toBe(0);
  });
});

describe("rms", () => {
  it("is amplitude/√2 for a sine, in the samples' unit", () => {
    expect(rms(sine(440, 8000, 8000, 0.5))).toBeCloseTo((0.5 * 32767) / Math.SQRT2, -1);
    expect(rms(new Float32Array([0.5, -0.5]))).toBe(0.5);
    expect(rms(new Int16Array(0))).toBe(0);
  });
});

describe("tones survive the media plane's codecs", () => {
  it.each([
    ["μ-law", pcmToMuLaw, muLawToPcm],
    ["A-law", pcmToALaw, aLawToPcm],
  ] as const)("%s round trip keeps 440 Hz and 1000 Hz apart", (_name, encode, decode) => {
    for (const [present, absent] of pairs) {
      const back = decode(encode(sine(present, 8000, 1600, 0.25)));
      expect(toneLevel(back, 8000, present)).toBeGreaterThan(0.23);
      expect(toneLevel(back, 8000, absent)).toBeLessThan(0.01);
    }
  });

  it.each([
    [48000, 48000],
    [48000, 8000],
    [8000, 48000],
    [8000, 8000],
  ] as const)("Opus encoded at %i Hz and decoded at %i Hz keeps 440 Hz and 1000 Hz apart", (encodeRate, decodeRate) => {
    for (const [present, absent] of pairs) {
      const encoder = createOpusEncoder(encodeRate as OpusRate);
      const decoder = createOpusDecoder(decodeRate as OpusRate);
      const frames = sineFrames(present, encodeRate, 30, 0.25).map((frame) => decoder.decode(encoder.encode(frame)));
      const back = joinPcm(frames.slice(5)); // past the encoder's first frames
      expect(toneLevel(back, decodeRate, present)).toBeGreaterThan(0.15);
      expect(toneLevel(back, decodeRate, absent)).toBeLessThan(0.01);
    }
  });
});
