import { execFileSync } from "node:child_process";
import { createResampler } from "../../media/codecs/resample";
import { type SpeakOptions, speak, type SpokenAudio } from "./spoken-audio";

/** espeak-ng speech as a WebRTC caller sends it: rendered at 16 kHz, upsampled to 48 kHz (what the browser's Opus encodes). */
export function spokenAt48k(text: string, options: Omit<SpeakOptions, "sampleRate"> = {}): SpokenAudio & { samples48k: Int16Array } {
  const spoken = speak(text, { padBeforeSeconds: 0.2, padAfterSeconds: 0.2, ...options, sampleRate: 16000 });
  return { ...spoken, samples48k: createResampler(16000, 48000).process(spoken.samples) };
}

/**
 * espeak-ng speech as a phone caller sends it: an 8 kHz μ-law WAV (sox) at `path`, padded, for
 * sipp's `rtp_stream`; answers its length in ms.
 */
export function spokenMuLawWav(text: string, path: string, options: { voice?: string; speed?: number; padBeforeSeconds?: number; padAfterSeconds?: number } = {}): number {
  const wav = execFileSync("espeak-ng", ["-v", options.voice ?? "en-us", "-s", String(options.speed ?? 160), "--stdout", text]);
  execFileSync("sox", ["-t", "wav", "-", "-r", "8000", "-e", "u-law", "-c", "1", path, "pad", String(options.padBeforeSeconds ?? 0.2), String(options.padAfterSeconds ?? 0.5)], { input: wav });
  return Math.round(Number(execFileSync("soxi", ["-D", path]).toString("utf8").trim()) * 1000);
}
