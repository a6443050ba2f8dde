import type { Effect } from "../../engine/index";
import { TIMER_KINDS } from "../../sessions/timer-kinds";
import type { Store } from "../../store/open-store";

/** Spoken words per second we assume when estimating how long prompts take (slow, on purpose). */
const WORDS_PER_SECOND = 2;
/** What an audio prompt may last, since its length is unknown here. */
const AUDIO_SECONDS = 120;
/** Added on top: Twilio's own callback should always win. */
const GRACE_SECONDS = 15;

type CollectEffect = Extract<Effect, { type: "collect" }>;

/**
 * How long after the TwiML is answered the runner's input timer may fire for a voice call: the
 * prompts are played first, and `<Gather timeout>` only counts from when they end.
 */
export function voiceInputBackstopMs(effects: readonly Effect[], collect: CollectEffect): number {
  let seconds = collect.timeoutSeconds + GRACE_SECONDS;
  for (const effect of effects) {
    if (effect.type !== "prompt") continue;
    if (effect.audio !== undefined) seconds += AUDIO_SECONDS;
    else if (effect.text !== undefined) seconds += Math.ceil(effect.text.split(/\s+/).filter(Boolean).length / WORDS_PER_SECOND);
  }
  return seconds * 1000;
}

/**
 * On a call, Twilio measures no-input itself (the `<Redirect>` after `<Gather>`), and only once the
 * prompts have been played; the runner's `input_timeout`, armed at `timeoutSeconds` from the
 * answer, would otherwise fire while the caller is still listening. This moves that timer back
 * to a backstop (prompt time + timeout + grace) that only fires when Twilio never came back.
 *
 * Known limit: there is no "re-arm one timer" in the store, so this cancels the session's pending
 * input timers and arms the new one at the same rev; a step committed in between (not possible
 * for one call's sequential callbacks) would lose its timer. A runner option for voice channels
 * would remove the need for this.
 */
export async function extendVoiceInputTimer(store: Pick<Store, "timers">, sessionId: string, effects: readonly Effect[], now: number): Promise<void> {
  const collect = effects.findLast((effect): effect is CollectEffect => effect.type === "collect");
  if (collect === undefined) return;
  const pending = await store.timers.listPending(sessionId);
  const timer = pending.find((candidate) => candidate.kind === TIMER_KINDS.input && candidate.claimedBy === null && tokenOf(candidate.payload) === collect.token);
  if (timer === undefined) return;
  const dueAt = now + voiceInputBackstopMs(effects, collect);
  if (dueAt <= timer.dueAt) return;
  await store.timers.cancelTimers(sessionId, TIMER_KINDS.input);
  await store.timers.armTimer({ sessionId, sessionRev: timer.sessionRev, kind: timer.kind, dueAt, payload: timer.payload });
}

function tokenOf(payload: unknown): string | undefined {
  if (typeof payload !== "object" || payload === null || !("token" in payload)) return undefined;
  return typeof payload.token === "string" ? payload.token : undefined;
}
