import type { Effect } from "./effects";

type PromptEffect = Extract<Effect, { type: "prompt" }>;
type CollectEffect = Extract<Effect, { type: "collect" }>;

/**
 * Which of a step's prompts the caller may interrupt with a key before a `collect`: the trailing
 * run of interruptible prompts and the input node's own. A prompt marked not interruptible, and
 * everything before it, plays to its end; keys pressed during it are not taken as the answer.
 * Every voice channel applies it: Twilio nests that run inside `<Gather>`, the media plane stops
 * its playback on the first key.
 */
export function bargeInStart(prompts: readonly PromptEffect[], collect: CollectEffect): number {
  let start = prompts.length;
  while (start > 0) {
    const prompt = prompts[start - 1];
    if (prompt === undefined || !(prompt.interruptible === true || prompt.nodeId === collect.nodeId)) break;
    start -= 1;
  }
  return start;
}
