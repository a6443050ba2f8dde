import { execFileSync } from "node:child_process";
import { muLawToPcm } from "../../media/codecs/g711";
import type { PcmFrame } from "../pcm-frame";

export interface SpeakOptions {
  /** espeak-ng voice (default en-us). */
  voice?: string;
  /** words per minute (espeak-ng -s, default 160). */
  speed?: number;
  /** 0–99 (espeak-ng -p, default 50). */
  pitch?: number;
  /** 16000: linear PCM; 8000: through G.711 μ-law and back, as a phone call carries it. */
  sampleRate: 8000 | 16000;
  padBeforeSeconds?: number;
  padAfterSeconds?: number;
}

export interface SpokenAudio {
  samples: Int16Array;
  sampleRate: 8000 | 16000;
  /** Where the speech lies, found on the clean 16 kHz rendering (first and last sample above -40 dBFS). */
  speechStartMs: number;
  speechEndMs: number;
}

const int16 = (bytes: Buffer): Int16Array => {
  const copy = Buffer.from(bytes);
  return new Int16Array(copy.buffer, copy.byteOffset, copy.length / 2);
};

/** Real speech: espeak-ng renders `text`, sox pads and resamples it (and μ-law encodes it at 8 kHz). */
export function speak(text: string, options: SpeakOptions): SpokenAudio {
  const before = options.padBeforeSeconds ?? 0.5;
  const after = options.padAfterSeconds ?? 0.8;
  const wav = execFileSync("espeak-ng", ["-v", options.voice ?? "en-us", "-s", String(options.speed ?? 160), "-p", String(options.pitch ?? 50), "--stdout", text]);
  const sox = (args: string[]): Buffer => execFileSync("sox", ["-t", "wav", "-", ...args], { input: wav, maxBuffer: 64 * 1024 * 1024 });
  const clean = int16(sox(["-t", "raw", "-r", "16000", "-e", "signed", "-b", "16", "-c", "1", "-", "pad", String(before), String(after)]));
  const loud = (sample: number): boolean => Math.abs(sample) > 328; // -40 dBFS
  const first = clean.findIndex(loud);
  const last = clean.findLastIndex(loud);
  const bounds = { speechStartMs: (first / 16000) * 1000, speechEndMs: (last / 16000) * 1000 };
  if (options.sampleRate === 16000) return { samples: clean, sampleRate: 16000, ...bounds };
  const mu = sox(["-t", "raw", "-r", "8000", "-e", "u-law", "-c", "1", "-", "pad", String(before), String(after)]);
  return { samples: muLawToPcm(mu), sampleRate: 8000, ...bounds };
}

/** Pink noise from sox, scaled to `rmsDbfs` (e.g. -45: a quiet line; -35: a noisy one), `seconds` long. */
export function pinkNoise(sampleRate: 8000 | 16000, seconds: number, level: number): Int16Array {
  const raw = int16(execFileSync("sox", ["-n", "-t", "raw", "-r", String(sampleRate), "-e", "signed", "-b", "16", "-c", "1", "-", "synth", String(seconds), "pinknoise", "vol", "0.5"]));
  const gain = 10 ** ((level - rmsDbfs(raw)) / 20);
  return raw.map((sample) => Math.max(-32768, Math.min(32767, Math.round(sample * gain))));
}

/** The RMS level of samples in dBFS. */
export function rmsDbfs(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return 20 * Math.log10(Math.sqrt(sum / Math.max(1, samples.length)) / 32768);
}

/** Cut into 20 ms frames, as the media plane delivers them. */
export function frames20ms(samples: Int16Array, sampleRate: 8000 | 16000): PcmFrame[] {
  const size = sampleRate / 50;
  const out: PcmFrame[] = [];
  for (let offset = 0; offset < samples.length; offset += size) {
    const frame = new Int16Array(size);
    frame.set(samples.subarray(offset, offset + size));
    out.push({ sampleRate, samples: frame });
  }
  return out;
}
