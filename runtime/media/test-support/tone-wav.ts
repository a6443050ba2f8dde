import { execFileSync } from "node:child_process";
import { join } from "node:path";

/**
 * Writes a PCM s16 mono 48 kHz WAV of a sine (ffmpeg's lavfi `sine`, amplitude 1/8) into `dir` and
 * returns its path: the fake microphone file for Chromium (MEDIA.md 1.4; a μ-law WAV would play
 * silence without any error).
 */
export function writeToneWav(dir: string, frequency: number, seconds = 30): string {
  const path = join(dir, `tone-${frequency}hz-${seconds}s.wav`);
  try {
    execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=${frequency}:duration=${seconds}:sample_rate=48000`, "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", path], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    const missing = error instanceof Error && "code" in error && error.code === "ENOENT";
    throw new Error(missing ? "ffmpeg is missing: install Debian's package with `sudo apt-get install ffmpeg`" : `ffmpeg could not write ${path}: ${String(error)}`);
  }
  return path;
}
