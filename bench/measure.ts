/** Timing helpers for benchmarks: medians of repeated runs, never asserted in tests. */

export interface Sample {
  median: number;
  p90: number;
  min: number;
  runs: number;
}

export function summarizeSamples(samples: number[]): Sample {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { median: at(0.5), p90: at(0.9), min: sorted[0] ?? Number.NaN, runs: sorted.length };
}

/** Runs `fn` `warmup` times untimed, then `runs` times timed (milliseconds). */
export function timeRuns(fn: () => void, runs: number, warmup = 5): Sample {
  for (let i = 0; i < warmup; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return summarizeSamples(samples);
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));
