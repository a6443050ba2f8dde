import { speechEngine } from "../../../flow-schema/speech-engine";
import type { AudioFiles } from "../../audio/audio-files";
import type { Effect } from "../../engine/index";
import type { TtsService } from "../../tts/tts-service";
import type { ClipFiles } from "../playback/clip-frames";

type PromptEffect = Extract<Effect, { type: "prompt" }>;

/**
 * The files a prompt plays from on the media plane. A recorded asset plays as it is; text is
 * rendered by espeak-ng into the TTS cache (on our own calls there is no provider voice, so the
 * "channel's own voice" is espeak-ng in the prompt's language; Piper voices without an asset too).
 * Hold music and ringback are assets like any other (`hold`, `ringback`, a library id).
 */
export class PromptClips {
  constructor(
    private readonly audio: { files: AudioFiles; tts: TtsService },
    private readonly log: (line: string) => void,
  ) {}

  /** The clip of a prompt, or undefined when it has nothing to play here (said in the log). */
  async forPrompt(prompt: PromptEffect): Promise<ClipFiles | undefined> {
    if (prompt.audio !== undefined && prompt.audio !== "") return this.asset(prompt.audio);
    const text = prompt.text?.trim();
    if (text === undefined || text === "") return undefined;
    if (!this.audio.tts.espeakAvailable) {
      this.log(`media: cannot speak "${text.slice(0, 40)}": espeak-ng is not installed`);
      return undefined;
    }
    const choice = speechEngine({ text, voice: prompt.voice, language: prompt.language }, "voice");
    const voice = choice.engine === "espeak" ? choice.voice : undefined;
    const rendered = await this.audio.tts.renderEspeak({ text, voice, language: prompt.language });
    return this.asset(rendered.assetId);
  }

  /** An asset id (`hold`, `ringback`, a library asset, `tts-<sha256>`) as files, or undefined when there is none. */
  async asset(id: string): Promise<ClipFiles | undefined> {
    const [ogg, wav] = await Promise.all([this.audio.files.resolve(id, "ogg"), this.audio.files.resolve(id, "wav")]);
    if (ogg === undefined || wav === undefined) {
      this.log(`media: audio ${id} was not found`);
      return undefined;
    }
    return { ogg: ogg.path, wav: wav.path };
  }
}
