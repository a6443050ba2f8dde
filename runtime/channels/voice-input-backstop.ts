import type { Effect } from "../engine/index";
import type { CollectEffect } from "../sessions/timer-plan";

/** Spoken words per second we assume when estimating how long prompts take (slow, on purpose). */
const WORDS_PER_SECOND = 2;
/** What an audio prompt may last, since its length is unknown here. */
const AUDIO_SECONDS = 120;
/** Added on top: Twilio's own callback should always win. */
const GRACE_SECONDS = 15;

/**
 * How long after the TwiML is answered the runner's input timer may fire for a voice call (the
 * driver's `inputTimerMs`, the runner's input timer policy for twilio_voice sessions). On a call,
 * Twilio measures no-input itself (the `<Redirect>` after `<Gather>`), and only once the prompts
 * have been played; a timer at `timeoutSeconds` from the answer would fire while the caller is
 * still listening. This backstop (prompt time + timeout + grace) only fires when Twilio never
 * came back; its effects are then pushed over the Calls API.
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
