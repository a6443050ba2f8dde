import { Decoder } from "@evan/opus";
import { rms, toneLevel } from "../analysis/goertzel";

const SAMPLE_RATE = 48000;

/**
 * What a test peer heard: Opus packets decoded to 48 kHz mono and kept in a ring of the last
 * `seconds`, so a test can ask for a tone's level or the energy over the last N ms.
 */
export class ReceivedAudio {
  private readonly decoder = new Decoder({ channels: 1, sample_rate: SAMPLE_RATE });
  private readonly ring: Float32Array;
  private written = 0;
  packetsDecoded = 0;
  decodeErrors = 0;

  constructor(seconds = 5) {
    this.ring = new Float32Array(SAMPLE_RATE * seconds);
  }

  /** Decodes one Opus payload into the ring. */
  pushOpus(payload: Uint8Array): void {
    let pcm: Uint8Array;
    try {
      pcm = this.decoder.decode(payload);
    } catch {
      this.decodeErrors++;
      return;
    }
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 1);
    for (let i = 0; i < samples.length; i++) this.ring[(this.written + i) % this.ring.length] = (samples[i] ?? 0) / 32768;
    this.written += samples.length;
    this.packetsDecoded++;
  }

  /** The last `ms` of decoded audio (fewer samples if less has arrived), oldest first, in [-1, 1]. */
  last(ms: number): Float32Array {
    const count = Math.min(this.written, this.ring.length, Math.round((ms * SAMPLE_RATE) / 1000));
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.ring[(this.written - count + i) % this.ring.length] ?? 0;
    return out;
  }

  /** Amplitude of `frequency` over the last `ms` (a 0.25 sine reads ≈ 0.25 after the codec). */
  toneLevel(frequency: number, ms = 400): number {
    return toneLevel(this.last(ms), SAMPLE_RATE, frequency);
  }

  /** RMS over the last `ms`. */
  energy(ms = 400): number {
    return rms(this.last(ms));
  }
}
