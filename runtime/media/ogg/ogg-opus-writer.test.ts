import { Encoder } from "@evan/opus";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rms, toneLevel } from "../analysis/goertzel";
import { createOpusEncoder } from "../codecs/opus-codec";
import { opusPacketSamples48k } from "../codecs/opus-toc";
import { ffmpegDecodeErrors, ffmpegDecodePcm, ffprobeDuration } from "../test-support/ffmpeg-audio";
import { sine, sineFrames } from "../test-support/sine";
import { readOggOpus } from "./ogg-opus-reader";
import { OggOpusWriter, type OggOpusWriterOptions } from "./ogg-opus-writer";

const dir = mkdtempSync(join(tmpdir(), "ogg-writer-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileCount = 0;

/** A writer whose sink collects the pages; `save()` writes them to a file for ffmpeg. */
function recorder(options: OggOpusWriterOptions = {}) {
  const chunks: Buffer[] = [];
  const writer = new OggOpusWriter({ write: (chunk) => chunks.push(chunk) }, { serial: 0x5eed, ...options });
  return {
    writer,
    chunks,
    save(): string {
      const path = join(dir, `rec-${fileCount++}.ogg`);
      writeFileSync(path, Buffer.concat(chunks));
      return path;
    },
  };
}

/** `seconds` of a real 440 Hz Opus stream in 20 ms packets: [payload, RTP timestamp]. */
function toneStream(seconds: number, firstTimestamp = 90_000): Array<[Buffer, number]> {
  const encoder = createOpusEncoder(48000);
  return sineFrames(440, 48000, seconds * 50, 0.25).map((frame, i) => [encoder.encode(frame), (firstTimestamp + i * 960) >>> 0]);
}

/** Real libopus packets of `ms` each (10, 20, 40 ms), tone throughout. */
function packetsOf(ms: number, count: number): Buffer[] {
  const encoder = new Encoder({ channels: 1, sample_rate: 48000, application: "voip" });
  const samples = ms * 48;
  return Array.from({ length: count }, (_, i) => Buffer.from(encoder.encode(sine(440, 48000, samples, 0.25, i * samples))));
}

describe("OggOpusWriter", () => {
  it("makes a 5 s stream with a 1 s timestamp hole into a 5.00 s file, silent where the hole was", () => {
    const { writer, save } = recorder();
    const stream = toneStream(5);
    for (const [i, [payload, ts]] of stream.entries()) if (i < 100 || i >= 150) writer.writePacket(payload, ts);
    writer.end();
    const path = save();
    expect(ffprobeDuration(path)).toBeCloseTo(5, 1);
    expect(Math.abs(ffprobeDuration(path) - 5)).toBeLessThanOrEqual(0.02);
    expect(ffmpegDecodeErrors(path)).toBe("");
    expect(writer.stats).toEqual({ packets: 200, silencePackets: 50, dropped: 0, discontinuities: 0, samples: 240_000 });

    const pcm = ffmpegDecodePcm(path, 8000);
    const second = (s: number) => pcm.subarray(s * 8000 + 400, (s + 1) * 8000 - 400);
    expect(toneLevel(second(1), 8000, 440)).toBeGreaterThan(0.2);
    expect(rms(second(2))).toBe(0); // the hole: packets 100–149, 2.0–3.0 s
    expect(toneLevel(second(3), 8000, 440)).toBeGreaterThan(0.2);
    expect(toneLevel(second(4), 8000, 440)).toBeGreaterThan(0.2);
  });

  it("writes a file the reader takes back packet for packet, with granules that add up", () => {
    const { writer, chunks } = recorder({ vendor: "test vendor" });
    const stream = toneStream(3);
    for (const [i, [payload, ts]] of stream.entries()) if (i !== 7) writer.writePacket(payload, ts);
    writer.end();
    const file = readOggOpus(Buffer.concat(chunks));
    expect(file.head).toEqual({ channels: 1, preSkip: 0, inputSampleRate: 48000, outputGain: 0, mappingFamily: 0 });
    expect(file.packets).toHaveLength(150);
    expect(file.packets[7]).toEqual(Buffer.from([0xf8, 0xff, 0xfe]));
    expect(file.packets.filter((_, i) => i !== 7)).toEqual(stream.filter((_, i) => i !== 7).map(([payload]) => payload));
    expect(file.endGranule).toBe(150 * 960);
  });

  it("flushes a page about every second, so a crash mid-call leaves a readable file", () => {
    const { writer, chunks, save } = recorder();
    for (const [payload, ts] of toneStream(3)) writer.writePacket(payload, ts);
    // No end(): the process died here. Header pages + at least two one-second pages are on disk.
    expect(chunks.length).toBeGreaterThanOrEqual(4);
    const pages = chunks.slice(2).map((page) => page.readUInt8(26));
    expect(Math.max(...pages)).toBeLessThanOrEqual(50);
    const path = save();
    expect(ffprobeDuration(path)).toBeGreaterThanOrEqual(2);
    expect(ffmpegDecodeErrors(path)).toBe("");
    writer.end();
    expect(chunks.at(-1)?.readUInt8(5)).toBe(0x04); // EOS
  });

  it("counts across the 32-bit timestamp wrap, holes included", () => {
    const { writer, save } = recorder();
    const start = 0x1_0000_0000 - 960 * 60; // wraps 1.2 s in
    const stream = toneStream(3, start);
    for (const [i, [payload, ts]] of stream.entries()) if (i < 55 || i >= 70) writer.writePacket(payload, ts); // the hole spans the wrap
    writer.end();
    const path = save();
    expect(Math.abs(ffprobeDuration(path) - 3)).toBeLessThanOrEqual(0.02);
    expect(writer.stats).toMatchObject({ packets: 135, silencePackets: 15, dropped: 0 });
    expect(ffmpegDecodeErrors(path)).toBe("");
  });

  it("drops duplicates, late and old packets without moving the timeline", () => {
    const { writer, save } = recorder();
    const stream = toneStream(2);
    const order = [0, 1, 2, 2, 3, 5, 4, 6, 1, 7, 7, 7, ...Array.from({ length: 92 }, (_, i) => i + 8)];
    for (const i of order) {
      const [payload, ts] = stream[i] ?? [Buffer.alloc(0), 0];
      writer.writePacket(payload, ts);
    }
    writer.end();
    // 4 arrived after 5 (too late: 5 already took its place after a silence packet), 2, 1 and 7 twice were copies.
    expect(writer.stats).toEqual({ packets: 99, silencePackets: 1, dropped: 5, discontinuities: 0, samples: 96_000 });
    const path = save();
    expect(Math.abs(ffprobeDuration(path) - 2)).toBeLessThanOrEqual(0.02);
    expect(ffmpegDecodeErrors(path)).toBe("");
  });

  it.each([10, 40])("advances by the real duration of %i ms packets and fills their holes exactly", (ms) => {
    const { writer, save } = recorder();
    const packets = packetsOf(ms, 3000 / ms);
    expect(opusPacketSamples48k(packets[0] ?? Buffer.alloc(0))).toBe(ms * 48);
    const step = ms * 48;
    packets.forEach((payload, i) => {
      if (i % 10 !== 3) writer.writePacket(payload, 1_000 + i * step); // every tenth packet lost
    });
    writer.end();
    const path = save();
    expect(Math.abs(ffprobeDuration(path) - 3)).toBeLessThanOrEqual(0.02);
    expect(writer.stats.samples).toBe(144_000);
    expect(ffmpegDecodeErrors(path)).toBe("");
  });

  it("fills a 30 ms hole in a stream of 10 ms packets with 20 + 10 ms of silence", () => {
    const { writer, chunks } = recorder();
    const packets = packetsOf(10, 6);
    for (const i of [0, 1, 5]) writer.writePacket(packets[i] ?? Buffer.alloc(0), i * 480);
    writer.end();
    const file = readOggOpus(Buffer.concat(chunks));
    expect(file.packets.map((p) => opusPacketSamples48k(p))).toEqual([480, 480, 960, 480, 480]);
    expect(file.endGranule).toBe(6 * 480);
  });

  it("pads to a common end with writeSilenceUntil, and pre-fills a direction that joined late", () => {
    const late = recorder({ startTimestamp48k: 10_000 });
    const stream = toneStream(1, 10_000 + 48_000); // joins 1 s after the call started
    for (const [payload, ts] of stream) late.writer.writePacket(payload, ts);
    late.writer.writeSilenceUntil(10_000 + 4 * 48_000); // the call ended at 4 s
    late.writer.end();
    const path = late.save();
    expect(Math.abs(ffprobeDuration(path) - 4)).toBeLessThanOrEqual(0.02);
    const pcm = ffmpegDecodePcm(path, 8000);
    expect(rms(pcm.subarray(0, 7600))).toBe(0);
    expect(toneLevel(pcm.subarray(8400, 15600), 8000, 440)).toBeGreaterThan(0.2);
    expect(rms(pcm.subarray(16400, 32000))).toBe(0);
    expect(ffmpegDecodeErrors(path)).toBe("");
  });

  it("takes a jump beyond maxGapSamples as a new timeline instead of writing hours of silence", () => {
    const { writer } = recorder({ maxGapSamples: 48_000 * 10 });
    const stream = toneStream(2);
    for (const [i, [payload, ts]] of stream.entries()) writer.writePacket(payload, i < 50 ? ts : ts + 48_000 * 600);
    writer.end();
    expect(writer.stats).toMatchObject({ packets: 100, silencePackets: 0, discontinuities: 1, samples: 96_000 });
  });

  it("drops malformed packets and anything after end()", () => {
    const { writer, chunks } = recorder();
    writer.writePacket(Buffer.alloc(0), 0);
    writer.writePacket(Buffer.from([0xfb, 0x00]), 0);
    writer.writePacket(Buffer.from([0xf8, 0xff, 0xfe]), 0);
    writer.end();
    const pagesAtEnd = chunks.length;
    writer.writePacket(Buffer.from([0xf8, 0xff, 0xfe]), 960);
    writer.end();
    expect(chunks.length).toBe(pagesAtEnd);
    expect(writer.stats).toMatchObject({ packets: 1, dropped: 3, samples: 960 });
  });
});
