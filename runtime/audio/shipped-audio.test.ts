import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { holdMusic, ringback } from "../../audio/synthesize";
import { SHIPPED_AUDIO_FOLDER } from "./shipped-audio";
import { decodeSamples, ffprobe, rms } from "./test-support/audio-fixtures";

const shipped = (file: string) => join(SHIPPED_AUDIO_FOLDER, file);

/** Goertzel: the power of one frequency in 8 kHz samples. */
function power(samples: Int16Array, frequency: number): number {
  const coefficient = 2 * Math.cos((2 * Math.PI * frequency) / 8000);
  let [previous, beforePrevious] = [0, 0];
  for (const sample of samples) [previous, beforePrevious] = [sample / 32768 + coefficient * previous - beforePrevious, previous];
  return previous ** 2 + beforePrevious ** 2 - coefficient * previous * beforePrevious;
}

describe("the shipped audio (audio/, made by audio/synthesize.ts)", () => {
  it("is 8 kHz μ-law mono WAV for phones and Opus for the web", () => {
    for (const name of ["hold", "ringback", "beep"]) {
      expect(ffprobe(shipped(`${name}.wav`)), name).toMatchObject({ codec: "pcm_mulaw", sampleRate: 8000, channels: 1 });
      expect(ffprobe(shipped(`${name}.ogg`)), name).toMatchObject({ codec: "opus", channels: 1 });
    }
  });

  it("hold music: a 16 s loop that is never silent and joins its end to its start", () => {
    expect(ffprobe(shipped("hold.wav")).duration).toBeCloseTo(16, 1);
    const samples = decodeSamples(shipped("hold.wav"));
    for (let second = 0; second < 16; second++) expect(rms(samples, second * 8000, (second + 1) * 8000), `second ${second}`).toBeGreaterThan(0.03);
    const loop = holdMusic();
    const last = loop[loop.length - 1] ?? 0;
    const first = loop[0] ?? 0;
    // One sample step across the seam is no larger than steps inside the music.
    let largestStep = 0;
    for (let i = 1; i < loop.length; i++) largestStep = Math.max(largestStep, Math.abs((loop[i] ?? 0) - (loop[i - 1] ?? 0)));
    expect(Math.abs(first - last)).toBeLessThanOrEqual(largestStep);
  });

  it("ringback: 440 + 480 Hz for 2 s, then 4 s of silence", () => {
    expect(ffprobe(shipped("ringback.wav")).duration).toBeCloseTo(6, 1);
    const samples = decodeSamples(shipped("ringback.wav"));
    expect(rms(samples, 800, 15_200)).toBeGreaterThan(0.1);
    expect(rms(samples, 16_800, 48_000)).toBeLessThan(0.002);
    // Its energy is at 440 and 480 Hz (Goertzel), not elsewhere.
    const tone = samples.subarray(800, 15_200);
    const at440 = power(tone, 440);
    const at480 = power(tone, 480);
    expect(at440 / at480).toBeGreaterThan(0.5);
    expect(at440 / at480).toBeLessThan(2);
    for (const other of [350, 620, 1000]) expect(power(tone, other), `${other} Hz`).toBeLessThan(at440 / 100);
    expect(ringback().length).toBe(6 * 48_000);
  });

  it("beep (before a voicemail): 1,000 Hz for 0.4 s, then silence", () => {
    expect(ffprobe(shipped("beep.wav")).duration).toBeCloseTo(0.5, 1);
    const samples = decodeSamples(shipped("beep.wav"));
    expect(rms(samples, 160, 3_040)).toBeGreaterThan(0.2);
    expect(rms(samples, 3_300, 4_000)).toBeLessThan(0.002);
    const tone = samples.subarray(160, 3_040);
    for (const other of [440, 620, 1400]) expect(power(tone, other), `${other} Hz`).toBeLessThan(power(tone, 1000) / 100);
  });
});
