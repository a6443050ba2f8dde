import { opusPacketSamples48k } from "./opus-toc";

/** The audio codecs of the media plane's RTP legs. */
export type AudioCodec = "opus" | "pcmu" | "pcma";

export const OPUS_CLOCK_RATE = 48_000;
export const G711_CLOCK_RATE = 8_000;
/** Static payload types (RFC 3551); Opus is always dynamic (Chromium and Meta use 111). */
export const PCMU_PAYLOAD_TYPE = 0;
export const PCMA_PAYLOAD_TYPE = 8;

/** The 20 ms Opus silence packet: CELT fullband 20 ms (TOC 0xF8), frame `FF FE` (the silence flag). Never mutate. */
export const OPUS_SILENCE_20MS: Buffer = Buffer.from([0xf8, 0xff, 0xfe]);
/** 20 ms of μ-law silence (160 × 0xFF). Never mutate. */
export const PCMU_SILENCE_20MS: Buffer = Buffer.alloc(160, 0xff);
/** 20 ms of A-law silence (160 × 0xD5). Never mutate. */
export const PCMA_SILENCE_20MS: Buffer = Buffer.alloc(160, 0xd5);

export interface CodecInfo {
  /** RTP clock rate (Opus is 48 000 whatever its bandwidth). */
  clockRate: number;
  /** Static RTP payload type, or undefined when negotiated. */
  staticPayloadType: number | undefined;
  /** RTP timestamp step of a 20 ms frame. */
  samplesPer20ms: number;
  /** A 20 ms silence payload (shared: never mutate). */
  silence20ms: Buffer;
}

export const CODECS: Readonly<Record<AudioCodec, CodecInfo>> = {
  opus: { clockRate: OPUS_CLOCK_RATE, staticPayloadType: undefined, samplesPer20ms: 960, silence20ms: OPUS_SILENCE_20MS },
  pcmu: { clockRate: G711_CLOCK_RATE, staticPayloadType: PCMU_PAYLOAD_TYPE, samplesPer20ms: 160, silence20ms: PCMU_SILENCE_20MS },
  pcma: { clockRate: G711_CLOCK_RATE, staticPayloadType: PCMA_PAYLOAD_TYPE, samplesPer20ms: 160, silence20ms: PCMA_SILENCE_20MS },
};

/**
 * How far a payload advances the RTP timestamp, in the codec's clock units, read from the payload
 * itself (never assume 20 ms: sipp sends 30 ms): G.711 one byte per sample, Opus from its TOC.
 * Undefined for an empty or malformed payload.
 */
export function payloadDuration(codec: AudioCodec, payload: Buffer): number | undefined {
  if (codec === "opus") return opusPacketSamples48k(payload);
  return payload.length > 0 ? payload.length : undefined;
}
