import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** A real spoken WAV (espeak-ng, 22 kHz 16-bit mono). */
export function espeakWav(dir: string, text: string, name = "speech.wav"): string {
  const file = join(dir, name);
  execFileSync("espeak-ng", ["-v", "en-us", "-w", file, text]);
  return file;
}

/** The same sound in another container/codec, made by ffmpeg. */
export function convert(source: string, target: string, args: string[]): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-i", source, ...args, target]);
  return target;
}

/** `seconds` of silence as an 8 kHz mono MP3 at 8 kbit/s (about 1 kB a second), made by ffmpeg. */
export function silentMp3(target: string, seconds: number): string {
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=8000:cl=mono", "-t", String(seconds), "-c:a", "libmp3lame", "-b:a", "8k", target]);
  return target;
}

export interface Probed {
  codec: string;
  sampleRate: number;
  channels: number;
  duration: number;
}

/** What ffprobe says about the first audio stream. */
export function ffprobe(file: string): Probed {
  const out = execFileSync("ffprobe", ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", file], { encoding: "utf8" });
  const json: { streams: Array<{ codec_type: string; codec_name: string; sample_rate: string; channels: number; duration?: string }>; format: { duration: string } } = JSON.parse(out);
  const stream = json.streams.find((candidate) => candidate.codec_type === "audio");
  if (stream === undefined) throw new Error(`${file} has no audio stream`);
  return { codec: stream.codec_name, sampleRate: Number(stream.sample_rate), channels: stream.channels, duration: Number(stream.duration ?? json.format.duration) };
}

/** Decodes any audio to 8 kHz mono 16-bit samples. */
export function decodeSamples(file: string | Buffer, rate = 8000): Int16Array {
  const input = typeof file === "string" ? readFileSync(file) : file;
  const pcm = execFileSync("ffmpeg", ["-v", "error", "-i", "pipe:0", "-f", "s16le", "-ac", "1", "-ar", String(rate), "pipe:1"], { input, maxBuffer: 64 * 1024 * 1024 });
  return new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.byteLength / 2));
}

/** Root mean square of samples, 0..1 of full scale. */
export function rms(samples: Int16Array, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += ((samples[i] ?? 0) / 32768) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}
