import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHIPPED_AUDIO_FOLDER } from "../../audio/shipped-audio";
import { toneLevel } from "../analysis/goertzel";
import { aLawToPcm, muLawToPcm } from "../codecs/g711";
import { readWav } from "./wav-reader";

const dir = mkdtempSync(join(tmpdir(), "wav-reader-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ffmpeg's decoding of a file to mono s16 at its own rate. */
function ffmpegPcm(path: string): Int16Array {
  const out = execFileSync("ffmpeg", ["-v", "error", "-i", path, "-f", "s16le", "-"], { maxBuffer: 64 * 1024 * 1024 });
  return new Int16Array(out.buffer, out.byteOffset, out.length >> 1);
}

/** A 1 s 440 Hz WAV made by ffmpeg with these output options. */
function ffmpegWav(name: string, options: string[]): string {
  const path = join(dir, name);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", ...options, path]);
  return path;
}

const pcm16 = (data: Buffer) => new Int16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.length));

describe("readWav", () => {
  it("finds the samples of the shipped hold.wav behind its 58-byte header (8 kHz μ-law), byte for byte what ffmpeg decodes", () => {
    const path = join(SHIPPED_AUDIO_FOLDER, "hold.wav");
    const file = readFileSync(path);
    const wav = readWav(file);
    expect(wav).toMatchObject({ format: "mulaw", sampleRate: 8000, channels: 1 });
    expect(wav.data.byteOffset - file.byteOffset).toBe(58);
    expect(wav.data.length).toBe(file.length - 58);
    expect(muLawToPcm(wav.data)).toEqual(ffmpegPcm(path));
  });

  it("reads the shipped ringback.wav's 440 + 480 Hz tone", () => {
    const wav = readWav(readFileSync(join(SHIPPED_AUDIO_FOLDER, "ringback.wav")));
    const firstSecond = muLawToPcm(wav.data.subarray(0, 8000));
    expect(toneLevel(firstSecond, 8000, 440)).toBeGreaterThan(0.05);
    expect(toneLevel(firstSecond, 8000, 480)).toBeGreaterThan(0.05);
  });

  it.each([
    ["16-bit PCM at 48 kHz", "pcm16.wav", ["-ar", "48000", "-c:a", "pcm_s16le"], "pcm16", 48000, 1],
    ["A-law at 8 kHz", "alaw.wav", ["-ar", "8000", "-c:a", "pcm_alaw"], "alaw", 8000, 1],
    ["μ-law at 8 kHz", "mulaw.wav", ["-ar", "8000", "-c:a", "pcm_mulaw"], "mulaw", 8000, 1],
    ["WAVE_FORMAT_EXTENSIBLE, 3 channels", "ext.wav", ["-ar", "16000", "-ac", "3", "-c:a", "pcm_s16le"], "pcm16", 16000, 3],
  ] as const)("reads %s made by ffmpeg", (_label, name, options, format, sampleRate, channels) => {
    const path = ffmpegWav(name, [...options]);
    const wav = readWav(readFileSync(path));
    expect(wav).toMatchObject({ format, sampleRate, channels });
    const samples = format === "pcm16" ? pcm16(wav.data) : format === "alaw" ? aLawToPcm(wav.data) : muLawToPcm(wav.data);
    expect(samples.length).toBe(sampleRate * channels);
    if (channels === 1) {
      expect(samples).toEqual(ffmpegPcm(path));
      expect(toneLevel(samples, sampleRate, 440)).toBeGreaterThan(0.1);
    }
  });

  it("skips chunks of odd length by their pad byte, and reads a streamed data size (0xFFFFFFFF) to the end", () => {
    const wav = readWav(readFileSync(ffmpegWav("list.wav", ["-ar", "8000", "-c:a", "pcm_s16le"])));
    const fmt = Buffer.from("666d74201000000001000100401f0000803e000002001000", "hex");
    const list = Buffer.concat([Buffer.from("LIST", "latin1"), Buffer.from([3, 0, 0, 0]), Buffer.from("abc\0", "latin1")]);
    const dataHeader = Buffer.concat([Buffer.from("data", "latin1"), Buffer.from([0xff, 0xff, 0xff, 0xff])]);
    const body = Buffer.concat([Buffer.from("WAVE", "latin1"), fmt, list, dataHeader, wav.data]);
    const file = Buffer.concat([Buffer.from("RIFF", "latin1"), Buffer.from([0xff, 0xff, 0xff, 0xff]), body]);
    const read = readWav(file);
    expect(read).toMatchObject({ format: "pcm16", sampleRate: 8000, channels: 1 });
    expect(read.data).toEqual(wav.data);
  });

  it("says clearly what it cannot read", () => {
    expect(() => readWav(readFileSync(join(SHIPPED_AUDIO_FOLDER, "hold.ogg")))).toThrow("not a WAV file");
    expect(() => readWav(readFileSync(ffmpegWav("float.wav", ["-c:a", "pcm_f32le"])))).toThrow("WAV: 32-bit float is not read here");
    expect(() => readWav(readFileSync(ffmpegWav("u8.wav", ["-c:a", "pcm_u8"])))).toThrow("WAV: 8-bit PCM is not read here");
    const hold = readFileSync(join(SHIPPED_AUDIO_FOLDER, "hold.wav"));
    expect(() => readWav(hold.subarray(0, 50))).toThrow("WAV: no data chunk");
    expect(() => readWav(hold.subarray(0, 20))).toThrow("WAV: the fmt chunk at byte 12 is truncated");
  });
});
