import type { ClipFrames } from "./clip-frames";

export type PlaybackEnd = "finished" | "interrupted" | "stopped";

export interface PlaybackOptions {
  /** Start again at the first clip after the last (hold music). */
  loop?: boolean;
  /** A key pressed while it plays stops it (interruptible greetings, menu prompts). */
  stopOnDtmf?: boolean;
}

/**
 * Clips played in order on one leg, a frame clock tick at a time. Each tick adds one frame of
 * time (20 ms at the leg's clock); packets go out while that credit covers them, so clips of
 * 10, 20 or 40 ms packets all play at their own pace.
 */
export class Playback {
  readonly loop: boolean;
  readonly stopOnDtmf: boolean;
  private clip = 0;
  private frame = 0;
  private credit = 0;
  private playedSamples = 0;

  constructor(
    readonly id: string,
    private readonly clips: readonly ClipFrames[],
    options: PlaybackOptions = {},
  ) {
    this.loop = options.loop ?? false;
    this.stopOnDtmf = options.stopOnDtmf ?? false;
  }

  /** The packets due in this tick (`tickSamples`: one tick at the clock rate), or undefined when it has ended. */
  next(tickSamples: number): Array<{ payload: Buffer; samples: number }> | undefined {
    if (this.ended) return undefined;
    this.credit += tickSamples;
    const due: Array<{ payload: Buffer; samples: number }> = [];
    while (this.credit > 0) {
      const frame = this.current();
      if (frame === undefined) break;
      due.push(frame);
      this.credit -= frame.samples;
      this.playedSamples += frame.samples;
      this.advance();
    }
    return due.length === 0 && this.ended ? undefined : due;
  }

  /** How much has been played, in samples of the clock. */
  get played(): number {
    return this.playedSamples;
  }

  get ended(): boolean {
    return this.clip >= this.clips.length;
  }

  private current(): { payload: Buffer; samples: number } | undefined {
    while (this.clip < this.clips.length) {
      const clip = this.clips[this.clip];
      const payload = clip?.payloads[this.frame];
      const samples = clip?.samples[this.frame];
      if (payload !== undefined && samples !== undefined) return { payload, samples };
      this.nextClip();
    }
    return undefined;
  }

  private advance(): void {
    this.frame += 1;
    const clip = this.clips[this.clip];
    if (clip !== undefined && this.frame >= clip.payloads.length) this.nextClip();
  }

  private nextClip(): void {
    this.frame = 0;
    this.clip += 1;
    // A loop of clips that have frames starts over; a loop of empty clips ends (it would spin).
    if (this.clip >= this.clips.length && this.loop && this.clips.some((clip) => clip.payloads.length > 0)) this.clip = 0;
  }
}
