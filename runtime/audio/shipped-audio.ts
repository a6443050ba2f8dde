import { fileURLToPath } from "node:url";

/** The repository's `audio/` folder: hold music, ringback and the voicemail beep made by `audio/synthesize.ts`. */
export const SHIPPED_AUDIO_FOLDER = fileURLToPath(new URL("../../audio/", import.meta.url));

/** Audio ids served from `audio/` (`/audio/hold.wav`, `/audio/ringback.ogg`…). */
export const SHIPPED_AUDIO = ["hold", "ringback", "beep"] as const;
export type ShippedAudio = (typeof SHIPPED_AUDIO)[number];

export function isShippedAudio(id: string): id is ShippedAudio {
  return SHIPPED_AUDIO.some((name) => name === id);
}
