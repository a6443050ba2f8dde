import { type AudioCodec, CODECS, payloadDuration } from "../codecs/codec";
import { aLawToPcm, muLawToPcm, pcmToALaw, pcmToMuLaw } from "../codecs/g711";
import { createOpusDecoder, createOpusEncoder } from "../codecs/opus-codec";
import { createResampler, type Resampler } from "../codecs/resample";

export type PcmRate = 8000 | 48000;

type OpusDecoder = ReturnType<typeof createOpusDecoder>;
type OpusEncoder = ReturnType<typeof createOpusEncoder>;

/**
 * One leg's codec state: decoders for what it receives and an encoder for what it is sent, made
 * when first needed (a relayed call never decodes). PCM is mono 16-bit at 8 kHz (telephone) or
 * 48 kHz (the mixer). Opus is decoded straight at the rate asked for (no resampler, MEDIA.md 2.1);
 * G.711 is converted by table and resampled only for the mixer.
 */
export class LegCodec {
  private readonly decoders = new Map<PcmRate | 16000, OpusDecoder>();
  private readonly encoders = new Map<PcmRate, OpusEncoder>();
  /** G.711 only: 8 → 48 kHz for what it receives (the mixer), 48 → 8 kHz for what it is sent. Stateful: one per direction. */
  private upsampler: Resampler | undefined;
  private downsampler: Resampler | undefined;

  constructor(readonly codec: AudioCodec) {}

  get clockRate(): number {
    return CODECS[this.codec].clockRate;
  }

  /** The packet's length in samples of the RTP clock, from its payload. */
  samplesOf(payload: Buffer): number {
    return payloadDuration(this.codec, payload) ?? CODECS[this.codec].samplesPer20ms;
  }

  decode(payload: Buffer, rate: PcmRate): Int16Array {
    if (this.codec === "opus") {
      let decoder = this.decoders.get(rate);
      if (decoder === undefined) {
        decoder = createOpusDecoder(rate);
        this.decoders.set(rate, decoder);
      }
      return decoder.decode(payload);
    }
    const pcm = this.codec === "pcmu" ? muLawToPcm(payload) : aLawToPcm(payload);
    if (rate === 8000) return pcm;
    this.upsampler ??= createResampler(8000, rate);
    return this.upsampler.process(pcm);
  }

  /**
   * A received payload as speech recognition takes it: Opus decoded at 16 kHz (a decoder of its
   * own), G.711 at 8 kHz by table (no resampler shared with the mixer).
   */
  decodeForSpeech(payload: Buffer): { sampleRate: 8000 | 16000; samples: Int16Array } {
    if (this.codec !== "opus") return { sampleRate: 8000, samples: this.codec === "pcmu" ? muLawToPcm(payload) : aLawToPcm(payload) };
    let decoder = this.decoders.get(16000);
    if (decoder === undefined) {
      decoder = createOpusDecoder(16000);
      this.decoders.set(16000, decoder);
    }
    return { sampleRate: 16000, samples: decoder.decode(payload) };
  }

  /** Encodes 20 ms of PCM at `rate`; returns the payload and its length at the RTP clock. */
  encode(pcm: Int16Array, rate: PcmRate): { payload: Buffer; samples: number } {
    if (this.codec === "opus") {
      let encoder = this.encoders.get(rate);
      if (encoder === undefined) {
        encoder = createOpusEncoder(rate);
        this.encoders.set(rate, encoder);
      }
      return { payload: encoder.encode(pcm), samples: (pcm.length * 48000) / rate };
    }
    let narrow = pcm;
    if (rate !== 8000) {
      this.downsampler ??= createResampler(rate, 8000);
      narrow = this.downsampler.process(pcm);
    }
    return { payload: this.codec === "pcmu" ? pcmToMuLaw(narrow) : pcmToALaw(narrow), samples: narrow.length };
  }
}
