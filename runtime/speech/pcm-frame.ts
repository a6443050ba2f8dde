import { z } from "zod";

/** The rates audio reaches a recogniser at: 8 kHz (G.711), 16 kHz, 48 kHz (Opus). */
export const PcmRate = z.union([z.literal(8000), z.literal(16000), z.literal(48000)]);
export type PcmRate = z.infer<typeof PcmRate>;

/** A frame of 16-bit mono PCM (any length; 20 ms on the media plane). */
export const PcmFrame = z.object({
  sampleRate: PcmRate,
  samples: z.instanceof(Int16Array),
});
export type PcmFrame = z.infer<typeof PcmFrame>;

/** The rate recognisers and the voice activity detector work at. */
export const RECOGNIZER_RATE = 16000;
