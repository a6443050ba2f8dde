/**
 * Makes the shipped audio from nothing but arithmetic (no recordings, no third-party material):
 *
 * - `hold`: a 16-second hold music loop, four soft chords (C major 7, A minor 7, F major 7, G 6)
 *   with a plucked arpeggio over a pad, written so that its end joins its start without a click;
 * - `ringback`: the US ringback tone, 440 Hz + 480 Hz for 2 s then 4 s of silence (one 6 s cycle);
 * - `beep`: the tone before a voicemail is recorded, 1,000 Hz for 0.4 s.
 *
 * Each is written as `audio/<name>.wav` (8 kHz μ-law mono, for phone lines) and `audio/<name>.ogg`
 * (Opus, for the web) by ffmpeg. Run: `npm run audio:synthesize`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { transcodeAudio } from "../runtime/audio/transcode";

const RATE = 48_000;
const here = fileURLToPath(new URL(".", import.meta.url));

/** 16-bit PCM mono WAV of samples in [-1, 1]. */
export function pcmWav(samples: Float32Array, rate = RATE): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i] ?? 0)) * 32767), i * 2);
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + data.length, 4);
  header.write("WAVE", 8, "latin1");
  header.write("fmt ", 12, "latin1");
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write("data", 36, "latin1");
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const midi = (note: number): number => 440 * 2 ** ((note - 69) / 12);

/** Adds a tone into a looping buffer: positions past the end wrap to the start, so the loop is seamless. */
function addTone(out: Float32Array, startSeconds: number, seconds: number, frequency: number, gain: number, envelope: (t: number) => number): void {
  const start = Math.round(startSeconds * RATE);
  const count = Math.round(seconds * RATE);
  for (let i = 0; i < count; i++) {
    const t = i / RATE;
    const phase = 2 * Math.PI * frequency * t;
    // A soft, slightly bell-like timbre: the fundamental with a little of the 2nd and 3rd harmonics.
    const wave = Math.sin(phase) + 0.25 * Math.sin(2 * phase) + 0.08 * Math.sin(3 * phase);
    const index = (start + i) % out.length;
    out[index] = (out[index] ?? 0) + gain * envelope(t) * wave;
  }
}

/** Scales to a peak of `peak` (full scale 1). */
function normalise(samples: Float32Array, peak: number): Float32Array {
  let max = 0;
  for (const sample of samples) max = Math.max(max, Math.abs(sample));
  return max === 0 ? samples : samples.map((sample) => (sample / max) * peak);
}

/** Four chords of 4 s each: pad + an eighth-note arpeggio, in the range a phone line carries well. */
export function holdMusic(): Float32Array {
  const chordSeconds = 4;
  const chords = [
    [60, 64, 67, 71], // C E G B
    [57, 60, 64, 67], // A C E G
    [53, 57, 60, 64], // F A C E
    [55, 59, 62, 64], // G B D E
  ];
  const out = new Float32Array(chords.length * chordSeconds * RATE);
  chords.forEach((chord, index) => {
    const at = index * chordSeconds;
    // The pad: slow attack and release overlapping the next chord (wrapping around at the end).
    for (const note of chord) {
      addTone(out, at, chordSeconds + 0.6, midi(note), 0.06, (t) => Math.min(1, t / 0.4) * Math.min(1, Math.max(0, (chordSeconds + 0.6 - t) / 0.8)));
    }
    // The arpeggio, an octave up: up and down the chord in eighth notes (0.5 s), plucked.
    const pattern = [0, 1, 2, 3, 2, 1, 2, 1];
    pattern.forEach((step, beat) => {
      const note = (chord[step] ?? chord[0] ?? 60) + 12;
      addTone(out, at + beat * 0.5, 1.6, midi(note), 0.12, (t) => Math.min(1, t / 0.008) * Math.exp(-t / 0.35));
    });
  });
  return normalise(out, 0.6);
}

/** US ringback: 440 + 480 Hz, 2 s on, 4 s off (10 ms ramps so the tone does not click). */
export function ringback(): Float32Array {
  const out = new Float32Array(6 * RATE);
  const on = 2 * RATE;
  const ramp = 0.01 * RATE;
  for (let i = 0; i < on; i++) {
    const t = i / RATE;
    const envelope = Math.min(1, i / ramp, (on - i) / ramp);
    out[i] = envelope * 0.25 * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
  }
  return out;
}

/** The record node's beep: 1,000 Hz for 0.4 s (10 ms ramps), then 0.1 s of silence so it does not run into the caller. */
export function beep(): Float32Array {
  const out = new Float32Array(0.5 * RATE);
  const on = 0.4 * RATE;
  const ramp = 0.01 * RATE;
  for (let i = 0; i < on; i++) out[i] = Math.min(1, i / ramp, (on - i) / ramp) * 0.4 * Math.sin((2 * Math.PI * 1000 * i) / RATE);
  return out;
}

/** Writes `<folder>/<name>.wav` (phone) and `.ogg` (web) for some samples. */
export async function writeShipped(folder: string, name: string, samples: Float32Array): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), "switchboard-synth-"));
  try {
    const source = join(work, `${name}.pcm.wav`);
    writeFileSync(source, pcmWav(samples));
    await transcodeAudio(source, { wav: join(folder, `${name}.wav`), ogg: join(folder, `${name}.ogg`) });
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const folder = process.argv[2] ?? here;
  await writeShipped(folder, "hold", holdMusic());
  await writeShipped(folder, "ringback", ringback());
  await writeShipped(folder, "beep", beep());
  console.log(`wrote hold, ringback and beep (.wav, .ogg) in ${folder}`);
}
