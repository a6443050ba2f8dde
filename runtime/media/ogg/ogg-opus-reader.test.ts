import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SHIPPED_AUDIO_FOLDER } from "../../audio/shipped-audio";
import { toneLevel } from "../analysis/goertzel";
import { createOpusDecoder } from "../codecs/opus-codec";
import { opusPacketSamples48k } from "../codecs/opus-toc";
import { joinPcm } from "../test-support/sine";
import { oggCrc } from "./ogg-crc";
import { readOggOpus } from "./ogg-opus-reader";

const dir = mkdtempSync(join(tmpdir(), "ogg-reader-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file ffmpeg makes from a lavfi source, with extra encoder options. */
function ffmpegFile(name: string, source: string, options: string[]): Buffer {
  const path = join(dir, name);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", source, "-ac", "1", ...options, path]);
  return readFileSync(path);
}

/** Offsets of the pages in an Ogg file. */
function pageOffsets(file: Buffer): number[] {
  const offsets: number[] = [];
  for (let at = 0; at < file.length; ) {
    offsets.push(at);
    const segments = file.readUInt8(at + 26);
    at += 27 + segments + file.subarray(at + 27, at + 27 + segments).reduce((n, v) => n + v, 0);
  }
  return offsets;
}

/** Sets a page's CRC again after the test changed it. */
function fixCrc(file: Buffer, pageAt: number, pageEnd: number): void {
  file.writeUInt32LE(0, pageAt + 22);
  file.writeUInt32LE(oggCrc(file.subarray(pageAt, pageEnd)), pageAt + 22);
}

describe("readOggOpus", () => {
  it.each([
    ["hold.ogg", 801],
    ["ringback.ogg", 301],
  ])("splits the shipped %s into 20 ms packets (pre-skip 312), every one 960 samples by its TOC", (name, count) => {
    const file = readOggOpus(readFileSync(join(SHIPPED_AUDIO_FOLDER, name)));
    expect(file.head).toEqual({ channels: 1, preSkip: 312, inputSampleRate: 48000, outputGain: 0, mappingFamily: 0 });
    expect(file.packets).toHaveLength(count);
    expect(file.packets.every((packet) => opusPacketSamples48k(packet) === 960)).toBe(true);
    expect(file.endGranule).toBeLessThanOrEqual(count * 960);
    expect(file.endGranule).toBeGreaterThan((count - 1) * 960);
  });

  it("reads the ringback tone's 440 + 480 Hz out of its packets", () => {
    const { packets } = readOggOpus(readFileSync(join(SHIPPED_AUDIO_FOLDER, "ringback.ogg")));
    const decoder = createOpusDecoder(8000);
    const pcm = joinPcm(packets.slice(10, 90).map((p) => decoder.decode(p))); // 0.2–1.8 s: the tone is on
    expect(toneLevel(pcm, 8000, 440)).toBeGreaterThan(0.05);
    expect(toneLevel(pcm, 8000, 480)).toBeGreaterThan(0.05);
    expect(toneLevel(pcm, 8000, 1000)).toBeLessThan(0.01);
  });

  it("joins packets that span pages (ffmpeg, 40 ms packets of 1280 bytes, 5 s pages)", () => {
    const raw = ffmpegFile("span.ogg", "sine=frequency=1000:duration=3", [
      ...["-c:a", "libopus", "-b:a", "256k", "-vbr", "off"],
      ...["-frame_duration", "40", "-page_duration", "5000000"],
    ]);
    const offsets = pageOffsets(raw);
    const continued = offsets.filter((at) => (raw.readUInt8(at + 5) & 0x01) !== 0);
    expect(continued.length).toBeGreaterThan(0); // the fixture really has a packet across pages
    const file = readOggOpus(raw);
    // 3 s + the encoder's pre-skip and flush: the last page's granule falls in the last packet.
    expect(file.packets.length * 1920).toBeGreaterThanOrEqual(file.endGranule);
    expect((file.packets.length - 1) * 1920).toBeLessThan(file.endGranule);
    expect(file.packets.every((p) => p.length === 1280 && opusPacketSamples48k(p) === 1920)).toBe(true);
  });

  it("reads a file ffmpeg makes at 16 kHz input (input rate informative, packets of 20 ms)", () => {
    const file = readOggOpus(ffmpegFile("wb.ogg", "sine=frequency=440:duration=2:sample_rate=16000", ["-c:a", "libopus"]));
    expect(file.head.inputSampleRate).toBe(16000);
    expect(file.packets.every((p) => opusPacketSamples48k(p) === 960)).toBe(true);
    expect(file.endGranule - file.head.preSkip).toBe(96_000);
  });

  it("says clearly what is wrong with a file that is not Ogg/Opus", () => {
    expect(() => readOggOpus(Buffer.from("RIFF....WAVEfmt "))).toThrow("not an Ogg file");
    expect(() => readOggOpus(Buffer.alloc(0))).toThrow("not an Ogg file");
    const vorbis = ffmpegFile("vorbis.ogg", "sine=frequency=440:duration=1", ["-c:a", "libvorbis"]);
    expect(() => readOggOpus(vorbis)).toThrow("not an Ogg/Opus file: the first packet is not an OpusHead header");
  });

  it("refuses a damaged page (CRC), a truncated file and a missing page", () => {
    const good = readFileSync(join(SHIPPED_AUDIO_FOLDER, "ringback.ogg"));
    const offsets = pageOffsets(good);
    const third = offsets[2] ?? 0;

    const damaged = Buffer.from(good);
    damaged[third + 100] = (damaged[third + 100] ?? 0) ^ 0x40;
    expect(() => readOggOpus(damaged)).toThrow(`Ogg page at byte ${third}: CRC mismatch`);

    expect(() => readOggOpus(good.subarray(0, good.length - 10))).toThrow(/truncated/);
    expect(() => readOggOpus(good.subarray(0, third + 10))).toThrow(/truncated/);

    const fourth = offsets[3] ?? 0;
    const fifth = offsets[4] ?? good.length;
    const gap = Buffer.concat([good.subarray(0, fourth), good.subarray(fifth)]);
    expect(() => readOggOpus(gap)).toThrow(/pages missing/);

    const renumbered = Buffer.from(good);
    renumbered.writeUInt32LE(9, third + 18);
    fixCrc(renumbered, third, fourth);
    expect(() => readOggOpus(renumbered)).toThrow(/page 9 follows page 1/);
  });

  it("reads the CRC the way libogg writes it (every page of the shipped files checks)", () => {
    const good = readFileSync(join(SHIPPED_AUDIO_FOLDER, "hold.ogg"));
    const offsets = [...pageOffsets(good), good.length];
    for (let i = 0; i + 1 < offsets.length; i++) {
      const page = Buffer.from(good.subarray(offsets[i], offsets[i + 1]));
      const stored = page.readUInt32LE(22);
      page.writeUInt32LE(0, 22);
      expect(oggCrc(page)).toBe(stored);
    }
  });
});
