/**
 * Proving that audio arrived (MEDIA.md 1.5): a Goertzel filter measures one frequency in decoded
 * PCM and ignores beeps and noise at others. Int16 samples are scaled by 32768, Float32 samples
 * are taken as full scale 1.
 */

type Samples = Int16Array | Float32Array;

/**
 * The Goertzel power at `frequency`: `P = s1² + s2² − c·s1·s2` after all samples, with
 * `c = 2·cos(2π·f/fs)`, on samples scaled to full scale 1. A sine of amplitude A over N samples
 * gives about `A²·N²/4`.
 */
export function goertzelPower(samples: Samples, sampleRate: number, frequency: number): number {
  const scale = samples instanceof Int16Array ? 1 / 32768 : 1;
  const c = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] ?? 0) * scale + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/**
 * The amplitude of the tone at `frequency`, relative to full scale (0–1): `2·√P / N`. A full-scale
 * sine reads about 1, a 0.125 sine about 0.125; other frequencies read near 0 when N spans many
 * periods of the difference between them (use 100 ms or more).
 */
export function toneLevel(samples: Samples, sampleRate: number, frequency: number): number {
  if (samples.length === 0) return 0;
  return (2 * Math.sqrt(Math.max(0, goertzelPower(samples, sampleRate, frequency)))) / samples.length;
}

/** Root mean square in the samples' own unit (s16 for an Int16Array: Chromium's fake beep is ≈ 14 000). */
export function rms(samples: Samples): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i] ?? 0;
    sum += x * x;
  }
  return Math.sqrt(sum / samples.length);
}
