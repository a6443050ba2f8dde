import { createResampler, type Resampler } from "../media/codecs/resample";
import { type PcmFrame, type PcmRate, RECOGNIZER_RATE } from "./pcm-frame";
import { SILERO_WINDOW, SileroVad } from "./silero-vad";
import { VoiceActivity, type VoiceActivityOptions } from "./voice-activity";

const WINDOW_MS = (SILERO_WINDOW / RECOGNIZER_RATE) * 1000;
/** Audio kept before the detected start, so the first phoneme is not cut off. */
const PRE_ROLL_MS = 256;

export type UtteranceEvent =
  | { type: "speech-start"; atMs: number }
  /** The utterance's audio at 16 kHz, from PRE_ROLL_MS before its start to where it was decided ended. */
  | { type: "speech-end"; startMs: number; endMs: number; audio: Int16Array; audioStartMs: number };

/**
 * Frames of one caller in, utterances out: resamples to 16 kHz, runs Silero VAD on 32 ms windows
 * and cuts the audio at the starts and ends `VoiceActivity` decides. Frames are queued; `drain()`
 * resolves when every frame written so far has been looked at.
 */
export class UtteranceDetector {
  private resampler: Resampler | undefined;
  private inputRate: PcmRate | undefined;
  private pending = new Int16Array(0);
  private history: Int16Array[] = [];
  private windowsSeen = 0;
  private utterance: Int16Array[] | undefined;
  private utteranceStartWindow = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly activity: VoiceActivity;

  private constructor(
    private readonly vad: SileroVad,
    private readonly onEvent: (event: UtteranceEvent) => void,
    options: Partial<VoiceActivityOptions>,
  ) {
    this.activity = new VoiceActivity(WINDOW_MS, options);
  }

  static async create(onEvent: (event: UtteranceEvent) => void, options: Partial<VoiceActivityOptions> = {}): Promise<UtteranceDetector> {
    return new UtteranceDetector(await SileroVad.create(), onEvent, options);
  }

  /** Milliseconds of audio looked at so far. */
  get elapsedMs(): number {
    return this.windowsSeen * WINDOW_MS;
  }

  write(frame: PcmFrame): void {
    if (this.inputRate !== frame.sampleRate) {
      this.inputRate = frame.sampleRate;
      this.resampler = createResampler(frame.sampleRate, RECOGNIZER_RATE);
    }
    const samples = this.resampler?.process(frame.samples) ?? frame.samples;
    this.queue = this.queue.then(() => this.take(samples));
  }

  /** No more audio: an utterance still open ends here. */
  end(): Promise<void> {
    this.queue = this.queue.then(() => {
      const event = this.activity.finish(this.elapsedMs);
      if (event?.type === "end") this.emitEnd(event.startMs, event.atMs);
    });
    return this.drain();
  }

  drain(): Promise<void> {
    return this.queue;
  }

  private async take(samples: Int16Array): Promise<void> {
    const joined = new Int16Array(this.pending.length + samples.length);
    joined.set(this.pending);
    joined.set(samples, this.pending.length);
    let offset = 0;
    for (; offset + SILERO_WINDOW <= joined.length; offset += SILERO_WINDOW) {
      const window = joined.slice(offset, offset + SILERO_WINDOW);
      const atMs = this.windowsSeen * WINDOW_MS;
      const probability = await this.vad.probability(window);
      this.windowsSeen++;
      this.remember(window);
      this.utterance?.push(window);
      const event = this.activity.push(atMs, probability);
      if (event?.type === "start") {
        // The utterance opens PRE_ROLL_MS before its start, from the history kept.
        const startWindow = Math.floor(event.atMs / WINDOW_MS);
        const first = Math.max(0, startWindow - Math.round(PRE_ROLL_MS / WINDOW_MS));
        const back = this.windowsSeen - first;
        this.utterance = this.history.slice(-back);
        this.utteranceStartWindow = this.windowsSeen - this.utterance.length;
        this.onEvent({ type: "speech-start", atMs: event.atMs });
      } else if (event?.type === "end") {
        this.emitEnd(event.startMs, event.atMs);
      }
    }
    this.pending = joined.slice(offset);
  }

  private emitEnd(startMs: number, endMs: number): void {
    const windows = this.utterance ?? [];
    const audio = new Int16Array(windows.length * SILERO_WINDOW);
    windows.forEach((window, index) => audio.set(window, index * SILERO_WINDOW));
    this.utterance = undefined;
    this.onEvent({ type: "speech-end", startMs, endMs, audio, audioStartMs: this.utteranceStartWindow * WINDOW_MS });
  }

  private remember(window: Int16Array): void {
    this.history.push(window);
    // Enough for the pre-roll plus the longest run before a start is decided.
    if (this.history.length > 64) this.history.shift();
  }
}
