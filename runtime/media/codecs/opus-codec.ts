import { Decoder, Encoder } from "@evan/opus";
import { opusNominalSamples48k, opusPacketSamples48k } from "./opus-toc";

/** The rates the media plane runs Opus at: 48 kHz (WebRTC), 16 kHz (wideband), 8 kHz (mixing with G.711). */
export type OpusRate = 8000 | 16000 | 48000;

export interface OpusEncoder {
  /** One 20 ms mono frame (`rate / 50` samples) to one Opus packet (a copy, safe to keep). */
  encode(pcm: Int16Array): Buffer;
}

export interface OpusDecoder {
  /**
   * One packet to mono PCM at the decoder's rate (the packet's own duration, from its TOC). A
   * packet libopus refuses gives silence of the length its TOC announces (20 ms for an empty one)
   * and counts in `corruptPackets`; it never throws.
   */
  decode(payload: Buffer): Int16Array;
  readonly corruptPackets: number;
}

/**
 * A mono VOIP encoder at `sampleRate`. The RTP clock stays 48 kHz whatever the rate (+960 per
 * 20 ms); an encoder at 8 kHz takes 160-sample frames straight from G.711 or an 8 kHz mix.
 */
export function createOpusEncoder(sampleRate: OpusRate): OpusEncoder {
  const encoder = new Encoder({ channels: 1, sample_rate: sampleRate, application: "voip" });
  const frameSamples = sampleRate / 50;
  return {
    encode(pcm) {
      if (pcm.length !== frameSamples) {
        throw new RangeError(`an Opus frame at ${sampleRate} Hz is ${frameSamples} samples (20 ms), got ${pcm.length}`);
      }
      // encode() answers a view into a buffer the next call overwrites: copy it.
      return Buffer.from(encoder.encode(pcm));
    },
  };
}

/**
 * A mono decoder that decodes straight at `sampleRate` (libopus renders any packet at any of its
 * rates, so there is no resampler: 160 samples per 20 ms at 8 kHz).
 */
export function createOpusDecoder(sampleRate: OpusRate): OpusDecoder {
  const decoder = new Decoder({ channels: 1, sample_rate: sampleRate });
  const perSample48k = 48_000 / sampleRate;
  let corruptPackets = 0;
  return {
    decode(payload) {
      const samples48k = opusPacketSamples48k(payload);
      if (samples48k !== undefined) {
        try {
          const bytes = decoder.decode(payload);
          // Copy into an Int16Array of its own: the binding may hand out a reused buffer.
          const pcm = new Int16Array(bytes.byteLength >> 1);
          new Uint8Array(pcm.buffer).set(bytes.subarray(0, pcm.length * 2));
          return pcm;
        } catch {
          // libopus refused it: fall through to silence.
        }
      }
      corruptPackets++;
      return new Int16Array((samples48k ?? opusNominalSamples48k(payload)) / perSample48k);
    },
    get corruptPackets() {
      return corruptPackets;
    },
  };
}
