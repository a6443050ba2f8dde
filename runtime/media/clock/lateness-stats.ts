/** Lateness of the clock's ticks: a histogram in 0.25 ms buckets up to 200 ms, for p50/p99/max without keeping every sample. */
export class LatenessStats {
  private static readonly BUCKET_MS = 0.25;
  private static readonly BUCKETS = 800;
  private counts = new Uint32Array(LatenessStats.BUCKETS + 1);
  private total = 0;
  private maxMs = 0;
  private skippedFrames = 0;

  /**
   * One tick that ran `lateMs` late, after `skipped` frames the clock gave up on; `stalledMs` is how
   * late the oldest of those was (the stall), which counts for the max but not the percentiles.
   */
  record(lateMs: number, skipped = 0, stalledMs = 0): void {
    const bucket = Math.min(LatenessStats.BUCKETS, Math.floor(lateMs / LatenessStats.BUCKET_MS));
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.total += 1;
    this.skippedFrames += skipped;
    const worst = Math.max(lateMs, stalledMs);
    if (worst > this.maxMs) this.maxMs = worst;
  }

  /** The lateness (ms) that `fraction` of ticks stayed under (upper edge of its bucket). */
  quantile(fraction: number): number {
    if (this.total === 0) return 0;
    const wanted = Math.ceil(fraction * this.total);
    let seen = 0;
    for (let bucket = 0; bucket <= LatenessStats.BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= wanted) return Math.min(this.maxMs, (bucket + 1) * LatenessStats.BUCKET_MS);
    }
    return this.maxMs;
  }

  summary(): { ticks: number; p50Ms: number; p99Ms: number; maxMs: number; skippedFrames: number } {
    return { ticks: this.total, p50Ms: this.quantile(0.5), p99Ms: this.quantile(0.99), maxMs: this.maxMs, skippedFrames: this.skippedFrames };
  }

  reset(): void {
    this.counts = new Uint32Array(LatenessStats.BUCKETS + 1);
    this.total = 0;
    this.maxMs = 0;
    this.skippedFrames = 0;
  }
}
