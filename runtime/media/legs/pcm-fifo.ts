/**
 * Decoded audio of one leg waiting to be mixed: samples in, one frame out per tick. Bounded: when
 * more than `maxSamples` wait (the sender runs fast or the mixer stalled), the oldest are dropped,
 * so the delay it adds stays under that bound. A frame asked for when too little waits is padded
 * with silence (the leg was quiet or its packet was lost).
 */
export class PcmFifo {
  private buffer: Int16Array;
  private length = 0;

  constructor(private readonly maxSamples: number) {
    this.buffer = new Int16Array(maxSamples);
  }

  push(samples: Int16Array): void {
    if (samples.length >= this.maxSamples) {
      this.buffer.set(samples.subarray(samples.length - this.maxSamples));
      this.length = this.maxSamples;
      return;
    }
    const overflow = this.length + samples.length - this.maxSamples;
    if (overflow > 0) {
      this.buffer.copyWithin(0, overflow, this.length);
      this.length -= overflow;
    }
    this.buffer.set(samples, this.length);
    this.length += samples.length;
  }

  /** `count` samples (copied), or undefined when nothing waits at all. */
  take(count: number): Int16Array | undefined {
    if (this.length === 0) return undefined;
    const out = new Int16Array(count);
    const n = Math.min(count, this.length);
    out.set(this.buffer.subarray(0, n));
    this.buffer.copyWithin(0, n, this.length);
    this.length -= n;
    return out;
  }

  get waiting(): number {
    return this.length;
  }

  clear(): void {
    this.length = 0;
  }
}
