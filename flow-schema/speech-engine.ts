/**
 * Which engine speaks a prompt, per channel kind. One rule for the runtime (Twilio TwiML) and the
 * designer (the inspector shows it), chosen by the prompt's voice (or the flow's `settings.voice`):
 *
 * - the prompt has `audio` → that recorded asset is played (`<Play>`);
 * - voice `espeak` or `espeak:<espeak voice>` (e.g. `espeak:en-gb`) → espeak-ng on the server renders it;
 * - voice `piper:<voice>` → Piper in the designer renders static prompts into assets (which set
 *   `audio`); what has no asset yet (dynamic text with `{{variables}}`) is spoken by espeak-ng;
 * - any other voice, or none (e.g. `Polly.Joanna`) → the channel's own TTS (Twilio `<Say>`), the default;
 * - without espeak-ng on the server, espeak and piper voices fall back to `<Say>` too.
 *
 * Chat channels send the text; an audio-only prompt is not sent there.
 */
export type SpeechEngine = "audio" | "espeak" | "native" | "text" | "none";

export interface SpeechPrompt {
  text?: string | undefined;
  audio?: string | undefined;
  voice?: string | undefined;
  language?: string | undefined;
}

export interface SpeechChoice {
  engine: SpeechEngine;
  /** espeak: the espeak-ng voice to use, or undefined to pick one from the language. native: the `<Say voice>`. */
  voice?: string | undefined;
  /** Why, in a few words (shown in the designer). */
  reason: string;
}

export const ESPEAK_PREFIX = "espeak";
export const PIPER_PREFIX = "piper:";

/** A voice that names an engine of ours rather than the channel's (`espeak…`, `piper:…`). */
export function isEngineVoice(voice: string | undefined): boolean {
  return voice !== undefined && (voice === ESPEAK_PREFIX || voice.startsWith(`${ESPEAK_PREFIX}:`) || voice.startsWith(PIPER_PREFIX));
}

/** The Piper voice id of a `piper:<voice>` voice. */
export function piperVoice(voice: string | undefined): string | undefined {
  return voice?.startsWith(PIPER_PREFIX) ? voice.slice(PIPER_PREFIX.length) || undefined : undefined;
}

export function speechEngine(prompt: SpeechPrompt, channel: "voice" | "chat", options: { espeakAvailable?: boolean } = {}): SpeechChoice {
  const hasText = prompt.text !== undefined && prompt.text.trim() !== "";
  if (channel === "chat") return hasText ? { engine: "text", reason: "sent as a text message" } : { engine: "none", reason: "audio only: nothing is sent in a chat" };
  if (prompt.audio !== undefined && prompt.audio !== "") return { engine: "audio", reason: "the recorded audio asset is played" };
  if (!hasText) return { engine: "none", reason: "no text and no audio" };
  const voice = prompt.voice;
  const espeakAvailable = options.espeakAvailable ?? true;
  if (voice === ESPEAK_PREFIX || voice?.startsWith(`${ESPEAK_PREFIX}:`)) {
    if (!espeakAvailable) return { engine: "native", reason: "espeak-ng is not installed on the server: the channel's own voice speaks it" };
    const name = voice.slice(ESPEAK_PREFIX.length + 1);
    return { engine: "espeak", voice: name === "" ? undefined : name, reason: "espeak-ng on the server renders it" };
  }
  if (voice?.startsWith(PIPER_PREFIX)) {
    if (!espeakAvailable) return { engine: "native", reason: "no Piper asset and no espeak-ng on the server: the channel's own voice speaks it" };
    return { engine: "espeak", reason: "no Piper asset for this text (render it in the designer): espeak-ng speaks it" };
  }
  return { engine: "native", voice, reason: voice === undefined ? "the channel's own text to speech (Twilio <Say>)" : `the channel's own text to speech, voice ${voice}` };
}
