import { runTool, ToolMissing } from "../audio/run-tool";

/** An espeak-ng voice name: letters, digits, `-`, `_` and a `+variant`. */
const VOICE_NAME = /^[A-Za-z0-9_-]{1,40}(\+[A-Za-z0-9_-]{1,20})?$/;
const MAX_TEXT = 5_000;

/**
 * espeak-ng (Debian's package) as a TTS engine: text in on standard input (never on the command
 * line), a 22 kHz WAV out. The voice is an espeak-ng voice name, or picked from a BCP 47 language.
 */
export class EspeakEngine {
  readonly name = "espeak";
  private voices: Promise<Set<string>> | undefined;

  constructor(private readonly command = "espeak-ng") {}

  /** Whether espeak-ng runs here. */
  async available(): Promise<boolean> {
    try {
      return (await this.knownVoices()).size > 0;
    } catch {
      return false;
    }
  }

  /** The espeak-ng voice for a request: the named one when valid, else the language's, else English. */
  async resolveVoice(voice: string | undefined, language: string | undefined): Promise<string> {
    const known = await this.knownVoices();
    if (voice !== undefined && VOICE_NAME.test(voice) && known.has(voice.split("+")[0]?.toLowerCase() ?? "")) return voice.toLowerCase();
    const tag = (language ?? "en-US").toLowerCase();
    if (known.has(tag)) return tag;
    const base = tag.split("-")[0] ?? "en";
    if (known.has(base)) return base;
    const regional = [...known].find((name) => name.startsWith(`${base}-`));
    return regional ?? (known.has("en-us") ? "en-us" : "en");
  }

  /** Writes `text` spoken with `voice` as a WAV file. */
  async synthesize(text: string, voice: string, outFile: string): Promise<void> {
    const spoken = text.slice(0, MAX_TEXT);
    const result = await runTool(this.command, ["-v", voice, "-w", outFile, "--stdin"], { input: spoken, timeoutMs: 60_000 });
    if (result.code !== 0) throw new Error(`espeak-ng failed (voice ${voice}): ${result.stderr || `exit ${String(result.code)}`}`);
  }

  private knownVoices(): Promise<Set<string>> {
    this.voices ??= runTool(this.command, ["--voices"], { timeoutMs: 10_000 }).then((result) => {
      if (result.code !== 0) throw new ToolMissing(this.command);
      const names = new Set<string>();
      // "Pty Language       Age/Gender VoiceName          File                 Other Languages"
      for (const line of result.stdout.toString("utf8").split("\n").slice(1)) {
        const language = line.trim().split(/\s+/)[1];
        if (language !== undefined) names.add(language.toLowerCase());
      }
      return names;
    });
    this.voices.catch(() => {
      this.voices = undefined;
    });
    return this.voices;
  }
}
