/**
 * Integer-ratio resampling between the media plane's rates (8, 16 and 48 kHz), for mixing a G.711
 * leg with Opus legs: a polyphase FIR (Blackman-windowed sinc, 24 taps per phase, cut off just below
 * the lower rate's Nyquist frequency). Stateful, so consecutive 20 ms frames join without a click;
 * one resampler per leg and direction. Opus legs need none: libopus decodes at any of these rates.
 */

export type ResampleRate = 8000 | 16000 | 48000;

export interface Resampler {
  /** The next frame at the input rate to the same span at the output rate (a new array). */
  process(pcm: Int16Array): Int16Array;
  /** Forgets the history (a new source starts). */
  reset(): void;
}

const TAPS_PER_PHASE = 24;
/** The cut-off as a share of the lower rate's Nyquist frequency: 3.68 kHz for 8 kHz. */
const CUTOFF = 0.92;

/** A low-pass FIR of `length` taps at the higher rate, cut off for a `ratio` rate change, with DC gain `gain`. */
function lowPass(length: number, ratio: number, gain: number): Float64Array {
  const fc = (0.5 / ratio) * CUTOFF; // cycles per sample at the higher rate
  const middle = (length - 1) / 2;
  const taps = new Float64Array(length);
  let sum = 0;
  for (let k = 0; k < length; k++) {
    const t = k - middle;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * k) / (length - 1)) + 0.08 * Math.cos((4 * Math.PI * k) / (length - 1));
    taps[k] = sinc * window;
    sum += sinc * window;
  }
  return taps.map((tap) => (tap * gain) / sum);
}

const clamp16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : Math.round(x));

/** A resampler from `fromRate` to `toRate` (the same rate copies). */
export function createResampler(fromRate: ResampleRate, toRate: ResampleRate): Resampler {
  if (fromRate === toRate) return { process: (pcm) => Int16Array.from(pcm), reset: () => {} };
  return fromRate < toRate ? upsampler(toRate / fromRate) : downsampler(fromRate / toRate);
}

function upsampler(factor: number): Resampler {
  // Output n·L+p is Σ_j h[j·L + p]·x[n − j]; the gain L restores the level the inserted zeros took.
  // Each phase's taps are stored contiguously, newest input last, so the inner loop walks both arrays forward.
  const h = lowPass(TAPS_PER_PHASE * factor, factor, factor);
  const phases = Array.from({ length: factor }, (_, p) =>
    Float64Array.from({ length: TAPS_PER_PHASE }, (_, j) => h[(TAPS_PER_PHASE - 1 - j) * factor + p] ?? 0),
  );
  const keep = TAPS_PER_PHASE - 1;
  let history = new Float64Array(keep);
  return {
    process(pcm) {
      const ext = new Float64Array(keep + pcm.length);
      ext.set(history);
      ext.set(pcm, keep);
      const out = new Int16Array(pcm.length * factor);
      for (let p = 0; p < factor; p++) {
        const taps = phases[p] ?? new Float64Array(TAPS_PER_PHASE);
        for (let n = 0; n < pcm.length; n++) {
          let acc = 0;
          for (let j = 0; j < TAPS_PER_PHASE; j++) acc += (taps[j] ?? 0) * (ext[n + j] ?? 0);
          out[n * factor + p] = clamp16(acc);
        }
      }
      history = ext.slice(ext.length - keep);
      return out;
    },
    reset() {
      history = new Float64Array(keep);
    },
  };
}

function downsampler(factor: number): Resampler {
  const length = TAPS_PER_PHASE * factor;
  const taps = lowPass(length, factor, 1).reverse(); // newest input last
  const keep = length - factor;
  let history = new Float64Array(keep);
  return {
    process(pcm) {
      if (pcm.length % factor !== 0) {
        throw new RangeError(`downsampling by ${factor} takes frames of a multiple of ${factor} samples, got ${pcm.length}`);
      }
      const ext = new Float64Array(keep + pcm.length);
      ext.set(history);
      ext.set(pcm, keep);
      const out = new Int16Array(pcm.length / factor);
      for (let m = 0; m < out.length; m++) {
        // Output m ends at input sample m·M + M − 1, which sits at ext[keep + m·M + M − 1].
        const first = m * factor;
        let acc = 0;
        for (let k = 0; k < length; k++) acc += (taps[k] ?? 0) * (ext[first + k] ?? 0);
        out[m] = clamp16(acc);
      }
      history = ext.slice(ext.length - keep);
      return out;
    },
    reset() {
      history = new Float64Array(keep);
    },
  };
}
