import { toneLevel } from "../analysis/goertzel";
import { muLawToPcm, pcmToMuLaw } from "../codecs/g711";
import { sine } from "./sine";

/** A paced source of μ-law 8 kHz 20 ms frames (160 bytes) of a tone, as Twilio's Media Streams send the caller: `next()` gives the following frame. */
export class MuLawTone {
  private offset = 0;

  constructor(
    private readonly frequency: number,
    private readonly amplitude = 0.3,
  ) {}

  next(): Buffer {
    const frame = pcmToMuLaw(sine(this.frequency, 8000, 160, this.amplitude, this.offset));
    this.offset += 160;
    return frame;
  }
}

/** The level of `frequency` in the last `ms` of μ-law frames (decoded at 8 kHz; Goertzel, relative to full scale). */
export function muLawToneLevel(frames: readonly Buffer[], frequency: number, ms = 400): number {
  const bytes = Buffer.concat(frames.slice(-Math.ceil(ms / 20)));
  return bytes.length === 0 ? 0 : toneLevel(muLawToPcm(bytes), 8000, frequency);
}
