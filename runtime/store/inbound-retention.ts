import type { InboundRepo } from "./inbound-repo";

/** How often old inbound events are pruned (ms): hourly, the first time a minute after start. */
export const PRUNE_INTERVAL_MS = 60 * 60 * 1_000;
export const FIRST_PRUNE_AFTER_MS = 60 * 1_000;
const DAY_MS = 24 * 60 * 60 * 1_000;

export interface InboundRetentionOptions {
  /** Days an inbound event is kept (`INBOUND_RETENTION_DAYS`); 0 keeps every event. */
  days: number;
  now?: () => number;
  log?: (line: string) => void;
  intervalMs?: number;
  firstAfterMs?: number;
}

/**
 * Keeps the inbound log from growing forever: every event (the raw webhook body and the answer
 * stored for retries, about a kilobyte each) older than `days` is deleted on a timer, in batches.
 * Returns the function that stops it.
 */
export function pruneInboundOnTimer(inbound: InboundRepo, options: InboundRetentionOptions): () => void {
  if (options.days <= 0) return () => undefined;
  const now = options.now ?? Date.now;
  let running = false;
  const prune = async () => {
    if (running) return;
    running = true;
    try {
      const deleted = await inbound.pruneBefore(now() - options.days * DAY_MS);
      if (deleted > 0) options.log?.(`inbound log: deleted ${deleted} events older than ${options.days} days`);
    } catch (error) {
      options.log?.(`inbound log: pruning failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    void prune();
    interval = setInterval(() => void prune(), options.intervalMs ?? PRUNE_INTERVAL_MS);
    interval.unref();
  }, options.firstAfterMs ?? FIRST_PRUNE_AFTER_MS);
  first.unref();
  return () => {
    clearTimeout(first);
    if (interval !== undefined) clearInterval(interval);
  };
}
