import type { AudioCodec } from "../codecs/codec";

/**
 * One clip ready to send on legs of one codec: the encoded payload of every packet and its length
 * in samples at the codec's RTP clock (Opus 48 kHz, G.711 8 kHz). Made once per file and codec,
 * shared by every call that plays it.
 */
export interface ClipFrames {
  codec: AudioCodec;
  payloads: readonly Buffer[];
  samples: readonly number[];
  /** Total length in ms. */
  durationMs: number;
}

/** The two renditions of an audio asset on disk (the audio library, the TTS cache and the shipped audio all keep both). */
export interface ClipFiles {
  /** Opus in Ogg, 48 kHz: played on Opus legs as it is. */
  ogg: string;
  /** 8 kHz μ-law WAV: played on G.711 legs (A-law legs get it converted once). */
  wav: string;
}
