import { describe, expect, it } from "vitest";
import { toneLevel } from "../analysis/goertzel";
import { joinPcm, sineFrames } from "../test-support/sine";
import { OPUS_SILENCE_20MS } from "./codec";
import { createOpusDecoder, createOpusEncoder, type OpusRate } from "./opus-codec";
import { opusPacketSamples48k } from "./opus-toc";

const rates: OpusRate[] = [8000, 16000, 48000];

describe("createOpusEncoder", () => {
  it.each(rates)("encodes 20 ms frames at %i Hz into 960-sample packets (the RTP clock stays 48 kHz)", (rate) => {
    const encoder = createOpusEncoder(rate);
    const packets = sineFrames(440, rate, 10).map((frame) => encoder.encode(frame));
    expect(packets.every((p) => opusPacketSamples48k(p) === 960)).toBe(true);
  });

  it("returns packets of their own, not views the next encode overwrites", () => {
    const encoder = createOpusEncoder(48000);
    const [a, b] = sineFrames(440, 48000, 2);
    const first = encoder.encode(a ?? new Int16Array(960));
    const copy = Buffer.from(first);
    encoder.encode(b ?? new Int16Array(960));
    expect(first).toEqual(copy);
  });

  it("refuses a frame that is not 20 ms", () => {
    expect(() => createOpusEncoder(8000).encode(new Int16Array(960))).toThrow(/160 samples/);
  });
});

describe("createOpusDecoder", () => {
  it.each(rates)("decodes 48 kHz Opus straight at %i Hz and the tone survives", (rate) => {
    const encoder = createOpusEncoder(48000);
    const decoder = createOpusDecoder(rate);
    const decoded = sineFrames(1000, 48000, 25, 0.25).map((frame) => decoder.decode(encoder.encode(frame)));
    expect(decoded.every((pcm) => pcm.length === rate / 50)).toBe(true);
    const settled = joinPcm(decoded.slice(5));
    expect(toneLevel(settled, rate, 1000)).toBeGreaterThan(0.2);
    expect(toneLevel(settled, rate, 440)).toBeLessThan(0.01);
    expect(decoder.corruptPackets).toBe(0);
  });

  it("decodes each packet for its own duration (silence packets, 40 ms packets)", () => {
    const decoder = createOpusDecoder(8000);
    expect(decoder.decode(OPUS_SILENCE_20MS)).toEqual(new Int16Array(160));
    expect(decoder.decode(Buffer.from([0xf9, 0xff, 0xfe, 0xff, 0xfe])).length).toBe(320);
    expect(decoder.decode(Buffer.from([0xf0, 0xff, 0xfe])).length).toBe(80);
  });

  it("answers silence of the expected length for a corrupt packet, counts it, and goes on decoding", () => {
    const decoder = createOpusDecoder(16000);
    expect(decoder.decode(Buffer.alloc(0))).toEqual(new Int16Array(320));
    expect(decoder.decode(Buffer.from([0xf9, 1, 2, 3]))).toEqual(new Int16Array(640)); // code 1 (2 × 20 ms), odd length
    expect(decoder.decode(Buffer.from([0xfb, 0x00]))).toEqual(new Int16Array(320)); // code 3, zero frames: one frame
    expect(decoder.decode(Buffer.from([0xe3, 0x03, 1, 2]))).toEqual(new Int16Array(120)); // 3 × 2.5 ms, CBR does not split
    expect(decoder.corruptPackets).toBe(4);
    const encoder = createOpusEncoder(16000);
    const after = sineFrames(440, 16000, 10, 0.25).map((frame) => decoder.decode(encoder.encode(frame)));
    expect(toneLevel(joinPcm(after.slice(3)), 16000, 440)).toBeGreaterThan(0.15);
    expect(decoder.corruptPackets).toBe(4);
  });
});
