import { execFileSync } from "node:child_process";
import { join } from "node:path";

export interface ToneWavOptions {
  seconds?: number;
  /**
   * On/off keying (ms): a tone that stops now and then. Chromium's noise suppression takes a steady
   * tone for noise and lowers it by ~20 dB within 2 s (0.125 read back as 0.013); a pulsed one
   * (400 ms on, 200 ms off) passes at its level. Pages that open the microphone with voice
   * processing on need it.
   */
  pulse?: { onMs: number; offMs: number };
}

/**
 * Writes a PCM s16 mono 48 kHz WAV of a sine (ffmpeg's lavfi `sine`, amplitude 1/8) into `dir` and
 * returns its path: the fake microphone file for Chromium (MEDIA.md 1.4; a μ-law WAV would play
 * silence without any error). `options` may be a duration in seconds (the default is 30).
 */
export function writeToneWav(dir: string, frequency: number, options: number | ToneWavOptions = {}): string {
  const { seconds = 30, pulse } = typeof options === "number" ? { seconds: options } : options;
  const keyed = pulse === undefined ? "" : `-pulsed-${pulse.onMs}-${pulse.offMs}`;
  const path = join(dir, `tone-${frequency}hz-${seconds}s${keyed}.wav`);
  const period = pulse === undefined ? 0 : (pulse.onMs + pulse.offMs) / 1000;
  const filter = pulse === undefined ? [] : ["-af", `volume='if(lt(mod(t,${period}),${pulse.onMs / 1000}),1,0)':eval=frame`];
  try {
    execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=${frequency}:duration=${seconds}:sample_rate=48000`, ...filter, "-ar", "48000", "-ac", "1", "-c:a", "pcm_s16le", path], {
      stdio: ["ignore", "ignore", "pipe"],
    });
  } catch (error) {
    const missing = error instanceof Error && "code" in error && error.code === "ENOENT";
    throw new Error(missing ? "ffmpeg is missing: install Debian's package with `sudo apt-get install ffmpeg`" : `ffmpeg could not write ${path}: ${String(error)}`);
  }
  return path;
}
