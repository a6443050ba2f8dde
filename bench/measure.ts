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

/** The q-quantile (0..1) of ascending `sorted` values, nearest-rank: p99 of 100 values is the 99th. */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? Number.NaN;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  mean: number;
  max: number;
}

/** p50, p99, mean and max of latencies (milliseconds). */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  const sum = values.reduce((total, value) => total + value, 0);
  return {
    count: values.length,
    p50: percentile(values, 0.5),
    p99: percentile(values, 0.99),
    mean: values.length === 0 ? Number.NaN : sum / values.length,
    max: values.at(-1) ?? Number.NaN,
  };
}
