import { speechEngine } from "../../flow-schema/speech-engine";
import { EspeakEngine } from "./espeak-engine";
import type { PromptAudio, SpokenPrompt } from "./prompt-audio";
import { TtsCache, type TtsRendered, type TtsRequest, ttsKey, TTS_ASSET_PREFIX } from "./tts-cache";

export interface EspeakRequest {
  text: string;
  /** An espeak-ng voice name (`en-gb`, `en-us+f3`); left out: picked from the language. */
  voice?: string | undefined;
  language?: string | undefined;
}

/**
 * Text to speech on the server, behind one interface: engines (espeak-ng today), the rendered
 * prompt cache, and the PromptAudio the voice TwiML asks. Piper runs in the designer and uploads
 * its renders into the audio library; the channel's own TTS (`<Say>`) needs nothing here.
 */
export class TtsService implements PromptAudio {
  readonly cache: TtsCache;
  private espeakReady = false;

  constructor(
    dataDir: string,
    private readonly espeak = new EspeakEngine(),
    private readonly log: (line: string) => void = () => {},
  ) {
    this.cache = new TtsCache(dataDir);
  }

  /** Finds out which engines run here (call once before serving). */
  async checkEngines(): Promise<{ espeak: boolean }> {
    this.espeakReady = await this.espeak.available();
    return { espeak: this.espeakReady };
  }

  get espeakAvailable(): boolean {
    return this.espeakReady;
  }

  /** The cache entry of an espeak render: the voice in the key is the one asked for (resolved when synthesised). */
  espeakRequest(request: EspeakRequest): TtsRequest {
    return { engine: "espeak", voice: request.voice ?? `lang:${(request.language ?? "en-US").toLowerCase()}`, text: request.text.trim() };
  }

  /** Renders with espeak-ng (or finds it in the cache). */
  renderEspeak(request: EspeakRequest): Promise<TtsRendered> {
    return this.cache.render(this.espeakRequest(request), async (entry, outFile) => {
      const voice = await this.espeak.resolveVoice(request.voice, request.language);
      await this.espeak.synthesize(entry.text, voice, outFile);
    });
  }

  audioFor(prompt: SpokenPrompt): string | undefined {
    const choice = speechEngine(prompt, "voice", { espeakAvailable: this.espeakReady });
    if (choice.engine !== "espeak") return undefined;
    const request: EspeakRequest = { text: prompt.text, voice: choice.voice, language: prompt.language };
    this.renderEspeak(request).catch((error: unknown) => this.log(`tts: espeak render failed: ${error instanceof Error ? error.message : String(error)}`));
    return `${TTS_ASSET_PREFIX}${ttsKey(this.espeakRequest(request))}`;
  }
}
