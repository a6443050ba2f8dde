import type { Effect, Waiting } from "../engine/index";
import type { TimerInput } from "../store/index";
import type { RuntimeLimits } from "./runtime-limits";
import { TIMER_KINDS, type TimerPayload } from "./timer-kinds";

export type CollectEffect = Extract<Effect, { type: "collect" }>;

/**
 * When, after the answer, a channel's input timer should fire (ms). Default: the collect's
 * timeoutSeconds. A phone call plays its prompts first and its provider measures no-input itself,
 * so the Twilio voice driver gives a later backstop instead (`input-backstop.ts`).
 */
/** `kind`: the session's channel kind (a channel type may carry both, e.g. WhatsApp's chats and calls). */
export type InputTimerPolicy = (effects: readonly Effect[], collect: CollectEffect, kind?: "voice" | "chat") => number;

/** How long a send_message may take before its timer answers `failed` (a crash while sending). */
const SEND_BACKSTOP_MS = 30_000;

/** Beyond a recording's own limits: its prompt, and fetching, storing and transcribing it. */
const RECORD_SLACK_SECONDS = 120;

const fromTheAnswer: InputTimerPolicy = (_effects, collect) => collect.timeoutSeconds * 1000;

/**
 * The durable timer guarding the wait a step ended in, from the effect that started it:
 * `collect` → input_timeout after its timeoutSeconds (or the channel's `inputTimer` policy); a
 * transfer that waits → transfer_timeout after its timeoutSeconds (the team's transfer timeout when
 * it sets one: the runner applies it to the effect first, see team-transfer-timeout.ts); `http_request` → http_timeout after the callback's time
 * cap plus a grace period; `ai_turn` → ai_timeout after the node's timeoutSeconds plus the same grace;
 * `send_message` → send_timeout after 30 s plus that grace period.
 */
export function timersForWait(waiting: Waiting | null, effects: readonly Effect[], now: number, limits: RuntimeLimits, inputTimer: InputTimerPolicy = fromTheAnswer): TimerInput[] {
  if (waiting === null) return [];
  const effect = effects.find((candidate) => "token" in candidate && candidate.token === waiting.token);
  if (effect === undefined) return [];
  const payload: TimerPayload = { token: waiting.token, nodeId: waiting.nodeId };
  switch (effect.type) {
    case "collect":
      return [{ kind: TIMER_KINDS.input, dueAt: now + inputTimer(effects, effect), payload }];
    case "transfer":
      return effect.endsFlow ? [] : [{ kind: TIMER_KINDS.transfer, dueAt: now + effect.timeoutSeconds * 1000, payload }];
    case "http_request": {
      const seconds = Math.min(effect.timeoutSeconds, limits.http.maxSeconds ?? 10);
      return [{ kind: TIMER_KINDS.http, dueAt: now + seconds * 1000 + limits.httpTimerGraceMs, payload }];
    }
    case "ai_turn":
      return [{ kind: TIMER_KINDS.ai, dueAt: now + effect.timeoutSeconds * 1000 + limits.httpTimerGraceMs, payload }];
    case "record":
      // The prompt, the longest recording and its closing silence, and time to fetch and store it.
      return [{ kind: TIMER_KINDS.record, dueAt: now + (effect.maxLengthSeconds + effect.silenceTimeoutSeconds + RECORD_SLACK_SECONDS) * 1000, payload }];
    case "send_message":
      // The providers' requests give up after 10 s; a send can queue behind others to the same contact.
      return [{ kind: TIMER_KINDS.send, dueAt: now + SEND_BACKSTOP_MS + limits.httpTimerGraceMs, payload }];
    default:
      return [];
  }
}
