import { z } from "zod";

/** When speech counts as started and as ended, from per-window speech probabilities. */
export const VoiceActivityOptions = z.object({
  /** A window at or above this probability is speech. */
  startThreshold: z.number().min(0).max(1).default(0.5),
  /** Once speaking, a window below this is silence (hysteresis: between the two, speech goes on). */
  endThreshold: z.number().min(0).max(1).default(0.35),
  /** Speech must last this long before it counts (a cough or click does not). */
  minSpeechMs: z.number().int().min(0).default(96),
  /** Silence this long after speech ends the utterance. */
  endSilenceMs: z.number().int().min(0).default(320),
});
export type VoiceActivityOptions = z.infer<typeof VoiceActivityOptions>;

export type VoiceEvent = { type: "start"; atMs: number } | { type: "end"; atMs: number; startMs: number };

/**
 * Decides when a caller starts and stops speaking, one window at a time. `start` is given once
 * speech has lasted `minSpeechMs` (its time is where the speech began); `end` once silence has
 * lasted `endSilenceMs` (its time is where the silence began).
 */
export class VoiceActivity {
  private readonly options: VoiceActivityOptions;
  private speaking = false;
  private runStartMs: number | undefined;
  private silenceStartMs: number | undefined;
  private utteranceStartMs = 0;

  constructor(private readonly windowMs: number, options: Partial<VoiceActivityOptions> = {}) {
    this.options = VoiceActivityOptions.parse(options);
  }

  /** The window starting at `atMs` had speech probability `probability`. */
  push(atMs: number, probability: number): VoiceEvent | undefined {
    const { startThreshold, endThreshold, minSpeechMs, endSilenceMs } = this.options;
    if (!this.speaking) {
      if (probability < startThreshold) {
        this.runStartMs = undefined;
        return undefined;
      }
      this.runStartMs ??= atMs;
      if (atMs + this.windowMs - this.runStartMs < minSpeechMs) return undefined;
      this.speaking = true;
      this.utteranceStartMs = this.runStartMs;
      this.silenceStartMs = undefined;
      return { type: "start", atMs: this.runStartMs };
    }
    if (probability >= endThreshold) {
      this.silenceStartMs = undefined;
      return undefined;
    }
    this.silenceStartMs ??= atMs;
    if (atMs + this.windowMs - this.silenceStartMs < endSilenceMs) return undefined;
    this.speaking = false;
    this.runStartMs = undefined;
    return { type: "end", atMs: this.silenceStartMs, startMs: this.utteranceStartMs };
  }

  /** The stream ended: an utterance still open ends where its silence began (or now). */
  finish(atMs: number): VoiceEvent | undefined {
    if (!this.speaking) return undefined;
    this.speaking = false;
    return { type: "end", atMs: this.silenceStartMs ?? atMs, startMs: this.utteranceStartMs };
  }
}
