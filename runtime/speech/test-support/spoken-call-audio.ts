import { createResampler } from "../../media/codecs/resample";
import { type SpeakOptions, speak, type SpokenAudio } from "./spoken-audio";

/** espeak-ng speech as a WebRTC caller sends it: rendered at 16 kHz, upsampled to 48 kHz (what the browser's Opus encodes). */
export function spokenAt48k(text: string, options: Omit<SpeakOptions, "sampleRate"> = {}): SpokenAudio & { samples48k: Int16Array } {
  const spoken = speak(text, { padBeforeSeconds: 0.2, padAfterSeconds: 0.2, ...options, sampleRate: 16000 });
  return { ...spoken, samples48k: createResampler(16000, 48000).process(spoken.samples) };
}
