import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** A real Ogg/Opus file made by ffmpeg: a sine tone of `seconds` at `frequency` Hz (what a test stores as a call's recording). */
export function oggTone(file: string, seconds = 3, frequency = 440): string {
  mkdirSync(dirname(file), { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", `sine=frequency=${frequency}:duration=${seconds}`, "-c:a", "libopus", file]);
  return file;
}
