import { toneLevel } from "../analysis/goertzel";
import { ffmpegDecodePcm } from "./ffmpeg-audio";

const RATE = 16_000;
const WINDOW = RATE / 2;

/**
 * How loud `frequency` is in one channel of a call recording (0: the caller, left; 1: what the
 * caller heard, right): the loudest half second among the first `seconds` (default 3; the bridge
 * may take a moment after an agent joined on a busy machine). Decoded by Debian's ffmpeg.
 */
export function recordedToneLevel(path: string, channel: 0 | 1, frequency: number, seconds = 3): number {
  const pcm = ffmpegDecodePcm(path, RATE, channel);
  let loudest = 0;
  for (let start = 0; start < Math.min(pcm.length, seconds * RATE); start += WINDOW) {
    loudest = Math.max(loudest, toneLevel(pcm.subarray(start, start + WINDOW), RATE, frequency));
  }
  return loudest;
}
