import { execFileSync, spawnSync } from "node:child_process";

/** The duration ffprobe reports for a file, in seconds. */
export function ffprobeDuration(path: string): number {
  const out = execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path], { encoding: "utf8" });
  return Number(out.trim());
}

/** What ffmpeg prints at `-v error` while decoding the whole file (empty when it decodes cleanly). */
export function ffmpegDecodeErrors(path: string): string {
  const run = spawnSync("ffmpeg", ["-v", "error", "-i", path, "-f", "null", "-"], { encoding: "utf8" });
  return `${run.stderr}${run.status === 0 ? "" : `exit ${run.status}`}`;
}

/** The file decoded by ffmpeg to mono 16-bit PCM at `sampleRate`: its channels mixed, or only `channel` (0: left). */
export function ffmpegDecodePcm(path: string, sampleRate: number, channel?: number): Int16Array {
  const mono = channel === undefined ? ["-ac", "1"] : ["-af", `pan=mono|c0=c${channel}`];
  const out = execFileSync("ffmpeg", ["-v", "error", "-i", path, ...mono, "-ar", String(sampleRate), "-f", "s16le", "-"], {
    maxBuffer: 256 * 1024 * 1024,
  });
  return new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
}
