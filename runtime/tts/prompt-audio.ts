/** A prompt as the voice driver renders it (text already interpolated). */
export interface SpokenPrompt {
  text: string;
  voice?: string | undefined;
  language?: string | undefined;
}

/**
 * Turns the text of a voice prompt into an audio asset id when a server engine speaks it (see
 * `flow-schema/speech-engine.ts`); undefined leaves it to the channel (`<Say>`). Synchronous: the
 * id is known at once (`tts-<sha256>`), and rendering starts in the background; `/audio/<id>.wav`
 * waits for it.
 */
export interface PromptAudio {
  audioFor(prompt: SpokenPrompt): string | undefined;
}

let installed: PromptAudio | undefined;

/**
 * The runtime's PromptAudio, installed by `createApp` (one app per process). The Twilio voice
 * TwiML reads it when it is given none, so the drivers need not pass it through.
 */
export function installPromptAudio(promptAudio: PromptAudio | undefined): void {
  installed = promptAudio;
}

export function installedPromptAudio(): PromptAudio | undefined {
  return installed;
}
