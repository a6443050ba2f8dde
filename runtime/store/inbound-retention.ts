import type { InboundRepo } from "./inbound-repo";

import { FIRST_RETENTION_AFTER_MS, RETENTION_INTERVAL_MS, runRetentionTimer } from "./retention-timer";

/** How often old inbound events are pruned (ms): hourly, the first time a minute after start. */
export const PRUNE_INTERVAL_MS = RETENTION_INTERVAL_MS;
export const FIRST_PRUNE_AFTER_MS = FIRST_RETENTION_AFTER_MS;

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
  return runRetentionTimer({
    ...options,
    label: "inbound log",
    prune: (cutoff) => inbound.pruneBefore(cutoff),
    deleted: (count) => `inbound log: deleted ${count} events older than ${options.days} days`,
  });
}
