import type { PcmFrame } from "./pcm-frame";
import type { GrammarRecognition } from "./pocketsphinx-engine";
import type { SpeechGrammar } from "./speech-grammar";
import { SpeechResult, type SpeechWord } from "./speech-result";
import { type UtteranceEvent, UtteranceDetector } from "./utterance-detector";

/** An engine that recognises one utterance (16 kHz PCM) against a grammar. */
export interface GrammarEngine {
  readonly name: string;
  recognize(audio: Int16Array, grammar: SpeechGrammar): Promise<GrammarRecognition>;
}

/** An engine that transcribes one utterance (16 kHz PCM) free-form, within `timeoutMs` (the OpenAI-compatible one). */
export interface TranscriptionEngine {
  readonly name: string;
  readonly timeoutMs: number;
  transcribe(audio: Int16Array): Promise<{ text: string; words: SpeechWord[]; confidence: number }>;
}

export type SpeechEvent =
  /** The caller started speaking (barge-in: stop an interruptible prompt). */
  | { type: "speech-start"; atSeconds: number }
  /** A partial result (may be replaced) or the final one for an utterance. */
  | { type: "result"; result: SpeechResult }
  /** The engine failed on an utterance (or gave no answer in time); the stream goes on. */
  | { type: "error"; message: string; startSeconds: number; endSeconds: number };

export interface SpeechStreamOptions {
  /** Utterances being recognised at once; later ones wait their turn (default 2). */
  maxInFlight?: number;
  /** An utterance whose engine has not answered this long after it was sent gives an `error` (default: none). */
  timeoutMs?: number;
}

type Recognize = (audio: Int16Array) => Promise<{ text: string; words: SpeechWord[]; confidence: number; rejected: boolean }>;

interface Job {
  utterance: Extract<UtteranceEvent, { type: "speech-end" }>;
  /** When the utterance ended (performance.now()): latency counts from here, waiting included. */
  endedAt: number;
  outcome?: SpeechEvent;
  /** Resolves once the outcome has been given. */
  given: Promise<void>;
  markGiven: () => void;
}

/**
 * The recognition interface for one caller: 16-bit PCM frames in (8, 16 or 48 kHz), speech
 * starts and results out. The VAD cuts utterances; each is sent to the engine as it ends, at most
 * `maxInFlight` at once, and results (or errors) are given in the order the utterances were
 * spoken. Engines that recognise whole utterances give only final results; the `partial` kind
 * is for streaming engines. An engine that fails or does not answer within `timeoutMs` gives an
 * `error` event for that utterance and the stream goes on.
 */
export class SpeechStream {
  private readonly jobs: Job[] = [];
  private readonly waiting: Job[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;

  private constructor(
    private readonly engineName: string,
    private readonly recognize: Recognize,
    private readonly onEvent: (event: SpeechEvent) => void,
    private readonly options: SpeechStreamOptions,
    private detector?: UtteranceDetector,
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 2);
  }

  /** A stream recognised against a grammar (menus, yes/no, digits). */
  static create(engine: GrammarEngine, grammar: SpeechGrammar, onEvent: (event: SpeechEvent) => void, options: SpeechStreamOptions = {}): Promise<SpeechStream> {
    return SpeechStream.start(engine.name, (audio) => engine.recognize(audio, grammar), onEvent, options);
  }

  /** A stream transcribed free-form; an utterance not answered within the engine's timeout gives an `error`. */
  static transcribe(engine: TranscriptionEngine, onEvent: (event: SpeechEvent) => void, options: SpeechStreamOptions = {}): Promise<SpeechStream> {
    return SpeechStream.start(engine.name, async (audio) => ({ ...(await engine.transcribe(audio)), rejected: false }), onEvent, { timeoutMs: engine.timeoutMs, ...options });
  }

  private static async start(name: string, recognize: Recognize, onEvent: (event: SpeechEvent) => void, options: SpeechStreamOptions): Promise<SpeechStream> {
    const stream = new SpeechStream(name, recognize, onEvent, options);
    stream.detector = await UtteranceDetector.create((event) => {
      if (event.type === "speech-start") onEvent({ type: "speech-start", atSeconds: event.atMs / 1000 });
      else stream.enqueue(event);
    });
    return stream;
  }

  write(frame: PcmFrame): void {
    this.detector?.write(frame);
  }

  /** No more audio: resolves when the last utterance's result (or error) has been given. */
  async end(): Promise<void> {
    await this.detector?.end();
    await Promise.all(this.jobs.map((job) => job.given));
  }

  private enqueue(utterance: Job["utterance"]): void {
    let markGiven = () => {};
    const given = new Promise<void>((resolve) => (markGiven = resolve));
    const job: Job = { utterance, endedAt: performance.now(), given, markGiven };
    this.jobs.push(job);
    this.waiting.push(job);
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.waiting.length > 0) {
      const next = this.waiting.shift();
      if (next === undefined) break;
      this.inFlight++;
      void this.run(next).then(() => {
        this.inFlight--;
        this.flush();
        this.pump();
      });
    }
  }

  private async run(job: Job): Promise<void> {
    const { utterance } = job;
    const startSeconds = utterance.startMs / 1000;
    const endSeconds = utterance.endMs / 1000;
    const offset = utterance.audioStartMs / 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.options.timeoutMs;
    const timedOut = new Promise<"timeout">((resolve) => {
      if (timeoutMs !== undefined) timer = setTimeout(() => resolve("timeout"), timeoutMs);
    });
    try {
      const heard = await Promise.race([this.recognize(utterance.audio), timedOut]);
      if (heard === "timeout") {
        job.outcome = { type: "error", message: `${this.engineName}: no answer within ${(timeoutMs ?? 0) / 1000} s`, startSeconds, endSeconds };
        return;
      }
      const result = SpeechResult.parse({
        kind: "final",
        engine: this.engineName,
        text: heard.text,
        words: heard.words.map((word) => ({ ...word, startSeconds: word.startSeconds + offset, endSeconds: word.endSeconds + offset })),
        confidence: heard.confidence,
        rejected: heard.rejected,
        startSeconds,
        endSeconds,
        latencyMs: performance.now() - job.endedAt,
      });
      job.outcome = { type: "result", result };
    } catch (error) {
      job.outcome = { type: "error", message: error instanceof Error ? error.message : String(error), startSeconds, endSeconds };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives the outcomes at the head of the line, in the order the utterances were spoken. */
  private flush(): void {
    while (this.jobs.length > 0) {
      const head = this.jobs[0];
      if (head?.outcome === undefined) return;
      this.jobs.shift();
      try {
        this.onEvent(head.outcome);
      } finally {
        head.markGiven();
      }
    }
  }
}
