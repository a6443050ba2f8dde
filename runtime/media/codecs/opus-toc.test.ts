import { Decoder, Encoder } from "@evan/opus";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sine } from "../test-support/sine";
import { OPUS_SILENCE_20MS } from "./codec";
import { opusPacketSamples48k } from "./opus-toc";

/** libopus's verdict: the samples a 48 kHz decoder renders, or undefined when it refuses the packet. */
function libopusSamples(payload: Buffer): number | undefined {
  try {
    return new Decoder({ channels: 1, sample_rate: 48000 }).decode(payload).length / 2;
  } catch {
    return undefined;
  }
}

describe("opusPacketSamples48k", () => {
  it("reads the 20 ms silence packet", () => {
    expect(opusPacketSamples48k(OPUS_SILENCE_20MS)).toBe(960);
  });

  it.each([2.5, 5, 10, 20, 40, 60, 80, 100, 120])("reads %s ms packets made by libopus", (ms) => {
    const encoder = new Encoder({ channels: 1, sample_rate: 48000, application: "voip" });
    // libopus encodes at most 60 ms per call; longer packets are built by hand below.
    if (ms > 60) return;
    const packet = Buffer.from(encoder.encode(sine(440, 48000, ms * 48)));
    expect(opusPacketSamples48k(packet)).toBe(ms * 48);
    expect(libopusSamples(packet)).toBe(ms * 48);
  });

  it("counts the frames of code 1, 2 and 3 packets", () => {
    expect(opusPacketSamples48k(Buffer.from([0xf9, 0xff, 0xfe, 0xff, 0xfe]))).toBe(1920); // code 1: 2 × 20 ms CBR
    expect(opusPacketSamples48k(Buffer.from([0xfa, 0x02, 0xff, 0xfe, 0xff, 0xfe]))).toBe(1920); // code 2: lengths 2 + 2
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x06, ...new Array<number>(12).fill(0)]))).toBe(5760); // code 3: 6 × 20 ms
    expect(opusPacketSamples48k(Buffer.from([0x1b, 0x02, 1, 2]))).toBe(5760); // SILK 60 ms × 2
    expect(opusPacketSamples48k(Buffer.from([0xe3, 0x30, ...new Array<number>(48).fill(0)]))).toBe(5760); // 48 × 2.5 ms
  });

  it("refuses malformed packets", () => {
    expect(opusPacketSamples48k(Buffer.alloc(0))).toBeUndefined();
    expect(opusPacketSamples48k(Buffer.from([0xf9, 1, 2, 3]))).toBeUndefined(); // code 1 with an odd length
    expect(opusPacketSamples48k(Buffer.from([0xfa]))).toBeUndefined(); // code 2 without its length
    expect(opusPacketSamples48k(Buffer.from([0xfa, 9, 1]))).toBeUndefined(); // first frame longer than the packet
    expect(opusPacketSamples48k(Buffer.from([0xfb]))).toBeUndefined(); // code 3 without its count
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x00]))).toBeUndefined(); // zero frames
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x07, 0, 0, 0, 0, 0, 0, 0]))).toBeUndefined(); // 140 ms
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x02, 1, 2, 3]))).toBeUndefined(); // CBR that does not split
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x42, 9, 1, 2]))).toBeUndefined(); // padding longer than the packet
    expect(opusPacketSamples48k(Buffer.from([0xfb, 0x82, 9, 1, 2]))).toBeUndefined(); // VBR length past the end
    expect(opusPacketSamples48k(Buffer.concat([Buffer.from([0xf8]), Buffer.alloc(1276)]))).toBeUndefined(); // frame > 1275 bytes
  });

  it("agrees with libopus on any bytes: accepted exactly when libopus decodes them, with the same length", () => {
    const packets = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 40 }),
      fc.uint8Array({ minLength: 2, maxLength: 40 }).map((b) => Uint8Array.from(b, (x, i) => (i === 0 ? x | 0x03 : x))),
      fc.uint8Array({ minLength: 1000, maxLength: 1400 }),
    );
    fc.assert(
      fc.property(packets, (bytes) => {
        const payload = Buffer.from(bytes);
        expect(opusPacketSamples48k(payload)).toBe(libopusSamples(payload));
      }),
      { numRuns: 3000 },
    );
  });
});
