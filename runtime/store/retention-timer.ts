/** Hourly, the first time a minute after start. */
export const RETENTION_INTERVAL_MS = 60 * 60 * 1_000;
export const FIRST_RETENTION_AFTER_MS = 60 * 1_000;
export const DAY_MS = 24 * 60 * 60 * 1_000;

export interface RetentionTimerOptions {
  /** What is pruned, for the log ("inbound log", "recordings"). */
  label: string;
  /** Deletes what is older than `cutoff` (ms since the epoch); answers how many went. */
  prune(cutoff: number): Promise<number>;
  /** The log line for a run that deleted `count`. */
  deleted(count: number): string;
  /** Days kept; 0 keeps everything (no timer runs). */
  days: number;
  now?: () => number;
  log?: (line: string) => void;
  intervalMs?: number;
  firstAfterMs?: number;
}

/**
 * Runs a retention job on a timer (the inbound log, call recordings): once a minute after start,
 * then hourly, never two runs at once, failures logged and tried again at the next run. Timers are
 * unref'd (they never keep the process alive). Returns the function that stops it.
 */
export function runRetentionTimer(options: RetentionTimerOptions): () => void {
  if (options.days <= 0) return () => undefined;
  const now = options.now ?? Date.now;
  let running = false;
  const prune = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await options.prune(now() - options.days * DAY_MS);
      if (deleted > 0) options.log?.(options.deleted(deleted));
    } catch (error) {
      options.log?.(`${options.label}: pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void prune();
    interval = setInterval(() => void prune(), options.intervalMs ?? RETENTION_INTERVAL_MS);
    interval.unref();
  }, options.firstAfterMs ?? FIRST_RETENTION_AFTER_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval !== undefined) clearInterval(interval);
  };
}
