import type { Effect, Waiting } from "../engine/index";
import type { TimerInput } from "../store/index";
import type { RuntimeLimits } from "./runtime-limits";
import { TIMER_KINDS, type TimerPayload } from "./timer-kinds";

/**
 * The durable timer guarding the wait a step ended in, from the effect that started it:
 * `collect` → input_timeout after its timeoutSeconds; a transfer that waits → transfer_timeout;
 * `http_request` → http_timeout after the callback's time cap plus a grace period.
 */
export function timersForWait(waiting: Waiting | null, effects: readonly Effect[], now: number, limits: RuntimeLimits): TimerInput[] {
  if (waiting === null) return [];
  const effect = effects.find((candidate) => "token" in candidate && candidate.token === waiting.token);
  if (effect === undefined) return [];
  const payload: TimerPayload = { token: waiting.token, nodeId: waiting.nodeId };
  switch (effect.type) {
    case "collect":
      return [{ kind: TIMER_KINDS.input, dueAt: now + effect.timeoutSeconds * 1000, payload }];
    case "transfer":
      return effect.endsFlow ? [] : [{ kind: TIMER_KINDS.transfer, dueAt: now + effect.timeoutSeconds * 1000, payload }];
    case "http_request": {
      const seconds = Math.min(effect.timeoutSeconds, limits.http.maxSeconds ?? 10);
      return [{ kind: TIMER_KINDS.http, dueAt: now + seconds * 1000 + limits.httpTimerGraceMs, payload }];
    }
    default:
      return [];
  }
}
