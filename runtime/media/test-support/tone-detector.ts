/**
 * A Goertzel tone detector for tests (MEDIA.md 1.5). Same signatures as runtime/media/analysis/goertzel.ts,
 * which another change adds; the two are to become one.
 */

/** Goertzel power of `frequency` over all of `samples`: c = 2cos(2πf/fs); s0 = x + c·s1 − s2; P = s1² + s2² − c·s1·s2. */
export function goertzelPower(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  const c = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] ?? 0) + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}

/** The amplitude of `frequency` in `samples` (2·√P/N), in the samples' unit: a 0.25 sine gives ≈ 0.25. */
export function toneLevel(samples: ArrayLike<number>, sampleRate: number, frequency: number): number {
  if (samples.length === 0) return 0;
  return (2 * Math.sqrt(Math.max(0, goertzelPower(samples, sampleRate, frequency)))) / samples.length;
}

/** Root mean square of `samples`. */
export function rms(samples: ArrayLike<number>): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / samples.length);
}
