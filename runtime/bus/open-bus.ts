import type { Bus } from "./bus";
import type { BusTarget } from "./bus-target";
import { InProcessBus } from "./in-process-bus";
import { PostgresBus } from "./postgres-bus";
import { RedisBus } from "./redis-bus";

/** Bound on a publish, a subscription and a health probe of an engine bus (ms). */
export const BUS_TIMEOUT_MS = 3000;

/**
 * The one place a bus is made from configuration (`busTargetFromEnv`). Engine buses connect first
 * and reject with `BusUnavailable` when their engine cannot be reached, so the server does not start
 * believing it shares events it cannot.
 */
export async function openBus(target: BusTarget, instanceId: string, options: { timeoutMs?: number; onError?: (error: unknown) => void } = {}): Promise<Bus> {
  const timeoutMs = options.timeoutMs ?? BUS_TIMEOUT_MS;
  switch (target.kind) {
    case "in-process":
      return new InProcessBus(instanceId, options.onError);
    case "postgres":
      return PostgresBus.open({ url: target.url, instanceId, timeoutMs, ...(options.onError === undefined ? {} : { onError: options.onError }) });
    case "redis":
      return RedisBus.open({ url: target.url, instanceId, timeoutMs, ...(options.onError === undefined ? {} : { onError: options.onError }) });
  }
}
