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
function lowPass(length: number, ratio: number, gain: number): Float32Array {
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
  return Float32Array.from(taps, (tap) => (tap * gain) / sum);
}

const clamp16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : Math.round(x));

/** A resampler from `fromRate` to `toRate` (the same rate copies). */
export function createResampler(fromRate: ResampleRate, toRate: ResampleRate): Resampler {
  if (fromRate === toRate) return { process: (pcm) => Int16Array.from(pcm), reset: () => {} };
  return fromRate < toRate ? upsampler(toRate / fromRate) : downsampler(fromRate / toRate);
}

function upsampler(factor: number): Resampler {
  // Phase p of output n·L+p: Σ_j h[j·L + p]·x[n − j]; the gain L restores the level the zeros took.
  const h = lowPass(TAPS_PER_PHASE * factor, factor, factor);
  let history = new Float32Array(TAPS_PER_PHASE - 1); // the newest last
  return {
    process(pcm) {
      const ext = new Float32Array(history.length + pcm.length);
      ext.set(history);
      ext.set(pcm, history.length);
      const out = new Int16Array(pcm.length * factor);
      for (let n = 0; n < pcm.length; n++) {
        const newest = history.length + n;
        for (let p = 0; p < factor; p++) {
          let acc = 0;
          for (let j = 0; j < TAPS_PER_PHASE; j++) acc += (h[j * factor + p] ?? 0) * (ext[newest - j] ?? 0);
          out[n * factor + p] = clamp16(acc);
        }
      }
      history = ext.slice(ext.length - history.length);
      return out;
    },
    reset() {
      history = new Float32Array(history.length);
    },
  };
}

function downsampler(factor: number): Resampler {
  const length = TAPS_PER_PHASE * factor;
  const h = lowPass(length, factor, 1);
  let history = new Float32Array(length - 1);
  return {
    process(pcm) {
      if (pcm.length % factor !== 0) {
        throw new RangeError(`downsampling by ${factor} takes frames of a multiple of ${factor} samples, got ${pcm.length}`);
      }
      const ext = new Float32Array(history.length + pcm.length);
      ext.set(history);
      ext.set(pcm, history.length);
      const out = new Int16Array(pcm.length / factor);
      for (let m = 0; m < out.length; m++) {
        const newest = history.length + m * factor + factor - 1;
        let acc = 0;
        for (let k = 0; k < length; k++) acc += (h[k] ?? 0) * (ext[newest - k] ?? 0);
        out[m] = clamp16(acc);
      }
      history = ext.slice(ext.length - history.length);
      return out;
    },
    reset() {
      history = new Float32Array(history.length);
    },
  };
}
