import type { PcmFrame } from "./pcm-frame";
import type { GrammarRecognition } from "./pocketsphinx-engine";
import type { SpeechGrammar } from "./speech-grammar";
import { SpeechResult } from "./speech-result";
import { UtteranceDetector } from "./utterance-detector";

/** An engine that recognises one utterance (16 kHz PCM) against a grammar. */
export interface GrammarEngine {
  readonly name: string;
  recognize(audio: Int16Array, grammar: SpeechGrammar): Promise<GrammarRecognition>;
}

export type SpeechEvent =
  /** The caller started speaking (barge-in: stop an interruptible prompt). */
  | { type: "speech-start"; atSeconds: number }
  /** A partial result (may be replaced) or the final one for an utterance. */
  | { type: "result"; result: SpeechResult }
  /** The engine failed on an utterance; the stream goes on. */
  | { type: "error"; message: string };

/**
 * The recognition interface for one caller: 16-bit PCM frames in (8, 16 or 48 kHz), speech
 * starts and results out. The VAD cuts utterances; each is recognised against the stream's
 * grammar as it ends. Engines that recognise whole utterances (pocketsphinx) give only final
 * results; the `partial` kind is for streaming engines.
 */
export class SpeechStream {
  private pending: Promise<void>[] = [];

  private constructor(
    private readonly detector: UtteranceDetector,
    private readonly onEvent: (event: SpeechEvent) => void,
  ) {}

  static async create(engine: GrammarEngine, grammar: SpeechGrammar, onEvent: (event: SpeechEvent) => void): Promise<SpeechStream> {
    let stream: SpeechStream | undefined;
    const detector = await UtteranceDetector.create((event) => {
      if (event.type === "speech-start") {
        onEvent({ type: "speech-start", atSeconds: event.atMs / 1000 });
        return;
      }
      const offset = event.audioStartMs / 1000;
      const started = performance.now();
      const work = engine.recognize(event.audio, grammar).then(
        (heard) => {
          const result = SpeechResult.parse({
            kind: "final",
            engine: engine.name,
            text: heard.text,
            words: heard.words.map((word) => ({ ...word, startSeconds: word.startSeconds + offset, endSeconds: word.endSeconds + offset })),
            confidence: heard.confidence,
            rejected: heard.rejected,
            startSeconds: event.startMs / 1000,
            endSeconds: event.endMs / 1000,
            latencyMs: performance.now() - started,
          });
          onEvent({ type: "result", result });
        },
        (error: unknown) => onEvent({ type: "error", message: error instanceof Error ? error.message : String(error) }),
      );
      stream?.pending.push(work);
    });
    stream = new SpeechStream(detector, onEvent);
    return stream;
  }

  write(frame: PcmFrame): void {
    this.detector.write(frame);
  }

  /** No more audio: resolves when the last utterance's result has been given. */
  async end(): Promise<void> {
    await this.detector.end();
    await Promise.all(this.pending);
  }
}
