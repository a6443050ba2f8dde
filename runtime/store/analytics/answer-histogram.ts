/**
 * Time to answer after a transfer is counted in fixed bins (upper bounds in seconds, each bin
 * holding `previous < t <= bound`; the last is open), so p50/p90 and "share answered within N s"
 * come from sums of counters. Every 5 s up to 2 minutes (service levels are usually set there),
 * then coarser. A service level on a bound is exact; between bounds it is interpolated.
 */
export const ANSWER_BOUNDS_SECONDS: readonly number[] = [
  5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100, 105, 110, 115, 120, 150, 180, 240, 300, 600, 900, 1800, 3600,
];
/** The detail of the last, open bin. */
export const OVER_LAST_BOUND = "inf";

/** The bin (its upper bound as text, or "inf") holding a wait of `ms`. */
export function answerBin(ms: number): string {
  const seconds = ms / 1000;
  const bound = ANSWER_BOUNDS_SECONDS.find((candidate) => seconds <= candidate);
  return bound === undefined ? OVER_LAST_BOUND : String(bound);
}

/** Counts per bin, in bound order (the open bin last). */
export type AnswerHistogram = ReadonlyMap<string, number>;

interface Bin {
  low: number;
  high: number;
  n: number;
}

function binsOf(histogram: AnswerHistogram): Bin[] {
  const bins: Bin[] = [];
  let low = 0;
  for (const bound of ANSWER_BOUNDS_SECONDS) {
    bins.push({ low, high: bound, n: histogram.get(String(bound)) ?? 0 });
    low = bound;
  }
  bins.push({ low, high: low, n: histogram.get(OVER_LAST_BOUND) ?? 0 });
  return bins;
}

export function answeredCount(histogram: AnswerHistogram): number {
  let total = 0;
  for (const n of histogram.values()) total += n;
  return total;
}

/** The `q` quantile (0..1) in seconds, linear within its bin; null when nothing was answered. Past the last bound: that bound. */
export function answerQuantile(histogram: AnswerHistogram, q: number): number | null {
  const total = answeredCount(histogram);
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (const bin of binsOf(histogram)) {
    if (bin.n > 0 && below + bin.n >= rank) return bin.low + ((rank - below) / bin.n) * (bin.high - bin.low);
    below += bin.n;
  }
  return ANSWER_BOUNDS_SECONDS.at(-1) ?? null;
}

/** The share (0..1) answered within `seconds`, linear within the bin it falls in; null when nothing was answered. */
export function answeredWithin(histogram: AnswerHistogram, seconds: number): number | null {
  const total = answeredCount(histogram);
  if (total === 0) return null;
  let within = 0;
  for (const bin of binsOf(histogram)) {
    if (bin.high === bin.low) break;
    if (seconds >= bin.high) within += bin.n;
    else if (seconds > bin.low) within += (bin.n * (seconds - bin.low)) / (bin.high - bin.low);
  }
  return within / total;
}
