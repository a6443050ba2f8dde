import type { Effect } from "../../engine/index";
import { type GrammarEngine, SpeechStream } from "../../speech/speech-stream";
import { digitGrammar, menuGrammar, type SpeechGrammar } from "../../speech/speech-grammar";

type CollectEffect = Extract<Effect, { type: "collect" }>;

/** What one utterance came to: the words to give the engine as the caller's speech (may be ""), or an engine failure. */
export type HeardSpeech = { kind: "speech"; text: string; confidence: number } | { kind: "error"; message: string };

export interface CallSpeechEvents {
  /** The caller started speaking while the collect `token` listened (barge-in). */
  started(token: string): void;
  /** The utterance that started last (in order) was recognised, or failed. */
  heard(token: string, heard: HeardSpeech): void;
}

/** Whether a collect listens for speech. */
export function listensForSpeech(collect: CollectEffect): boolean {
  return collect.input === "speech" || collect.input === "both";
}

/** The grammar of a collect: a menu's labels and `say` words, or the gather's digit count. */
export function collectGrammar(collect: CollectEffect): SpeechGrammar {
  if (collect.mode === "menu") return menuGrammar(collect.options ?? []);
  return digitGrammar(collect.minDigits ?? 1, collect.maxDigits ?? 16);
}

interface Listening {
  token: string;
  stream: SpeechStream | undefined;
  closed: boolean;
}

/**
 * Speech recognition on one media-plane call: while a collect listens for speech, the leg's
 * decoded audio (`leg.audio`, asked for with `leg.listen`) goes through the VAD into the engine
 * with that collect's grammar (`SpeechStream`). Each collect gets a fresh stream; audio and
 * results of an earlier one are dropped. Recognition is bounded: one utterance recognised at a
 * time per call (also across collects: the engine runs are chained), and a stream no longer
 * listened to gets no more runs. `close()` on hang-up stops it all.
 */
export class CallSpeech {
  private current: Listening | undefined;
  /** The call's engine runs, one after another. */
  private runs: Promise<unknown> = Promise.resolve();
  private legListening = false;
  private closed = false;

  constructor(
    private readonly engine: GrammarEngine,
    private readonly listen: (on: boolean) => void,
    private readonly events: CallSpeechEvents,
    private readonly log: (message: string) => void,
  ) {}

  /** Listens for `collect` (replacing what was listened for), or stops listening (undefined). */
  collect(collect: CollectEffect | undefined): void {
    if (this.closed) return;
    if (collect !== undefined && this.current?.token === collect.token) return;
    this.stop();
    if (collect === undefined || !listensForSpeech(collect)) {
      this.setLegListening(false);
      return;
    }
    const listening: Listening = { token: collect.token, stream: undefined, closed: false };
    this.current = listening;
    this.setLegListening(true);
    const grammar = collectGrammar(collect);
    const engine: GrammarEngine = { name: this.engine.name, recognize: (audio, g) => this.recognize(listening, audio, g) };
    SpeechStream.create(
      engine,
      grammar,
      (event) => {
        if (listening.closed) return;
        if (event.type === "speech-start") this.events.started(listening.token);
        else if (event.type === "error") this.events.heard(listening.token, { kind: "error", message: event.message });
        else if (event.result.kind === "final") this.events.heard(listening.token, { kind: "speech", text: event.result.text, confidence: event.result.confidence });
      },
      { maxInFlight: 1 },
    ).then(
      (stream) => {
        if (listening.closed) void stream.end();
        else listening.stream = stream;
      },
      (error: unknown) => this.log(`speech recognition could not start: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** A frame of the caller's audio (`leg.audio`). */
  audio(sampleRate: 8000 | 16000, pcm: Buffer): void {
    const stream = this.current?.stream;
    if (stream === undefined || pcm.byteLength < 2) return;
    const copy = new Int16Array(pcm.byteLength >> 1);
    for (let index = 0; index < copy.length; index++) copy[index] = pcm.readInt16LE(index * 2);
    stream.write({ sampleRate, samples: copy });
  }

  /** The call ended: nothing more is recognised. */
  close(): void {
    this.stop();
    this.closed = true;
    this.legListening = false;
  }

  /** Whether a stream is listening (tests, stats). */
  get listening(): boolean {
    return this.current !== undefined;
  }

  private stop(): void {
    const listening = this.current;
    if (listening === undefined) return;
    this.current = undefined;
    listening.closed = true;
    // The VAD's queue drains; utterances it still cuts are not recognised (closed).
    void listening.stream?.end();
  }

  private setLegListening(on: boolean): void {
    if (this.legListening === on) return;
    this.legListening = on;
    this.listen(on);
  }

  /**
   * One utterance through the engine, after the call's earlier ones. A rejected result gives what
   * was heard instead (filler words, or digits of the wrong count), so the engine takes it as an
   * invalid answer rather than silence, as it would take Twilio's SpeechResult.
   */
  private recognize(listening: Listening, audio: Int16Array, grammar: SpeechGrammar) {
    const run = this.runs.then(async () => {
      if (listening.closed) throw new Error("no longer listening");
      const heard = await this.engine.recognize(audio, grammar);
      if (!heard.rejected) return heard;
      return { ...heard, text: heard.heard !== "" ? heard.heard : heard.words.map((word) => word.word).join(" ") };
    });
    this.runs = run.catch(() => undefined);
    return run;
  }
}
