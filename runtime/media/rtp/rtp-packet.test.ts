import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readPcapUdpPayloads, SIPP_PCAP_DIR } from "../test-support/read-pcap";
import { isRtcp, parseRtp, type RtpPacket, seqDiff, serializeRtp, tsDiff } from "./rtp-packet";

const packet = (overrides: Partial<RtpPacket> = {}): RtpPacket => ({
  marker: false,
  payloadType: 111,
  sequenceNumber: 1000,
  timestamp: 48_000,
  ssrc: 0x11223344,
  csrcs: [],
  payload: Buffer.from([0xf8, 0xff, 0xfe]),
  ...overrides,
});

describe("parseRtp", () => {
  it("reads sipp's captured RFC 4733 packets (PT 101, marker on the first, one timestamp)", () => {
    const packets = readPcapUdpPayloads(`${SIPP_PCAP_DIR}/dtmf_2833_1.pcap`).map(parseRtp);
    expect(packets).toHaveLength(10);
    expect(packets[0]).toEqual({
      marker: true,
      payloadType: 101,
      sequenceNumber: 7984,
      timestamp: 13280,
      ssrc: 235223118,
      csrcs: [],
      payload: Buffer.from("010a0000", "hex"),
    });
    expect(packets.every((p) => p?.timestamp === 13280 && p.payloadType === 101)).toBe(true);
    expect(packets.slice(1).some((p) => p?.marker)).toBe(false);
  });

  it("reads sipp's 30 ms A-law capture: 240-byte payloads, timestamps +240", () => {
    const packets = readPcapUdpPayloads(`${SIPP_PCAP_DIR}/g711a.pcap`).map(parseRtp);
    expect(packets).toHaveLength(236);
    const first = packets[0];
    const second = packets[1];
    expect(first?.payloadType).toBe(8);
    expect(first?.payload.length).toBe(240);
    expect(second !== undefined && first !== undefined && tsDiff(second.timestamp, first.timestamp)).toBe(240);
  });

  it("round-trips CSRCs, a header extension and the marker", () => {
    const p = packet({
      marker: true,
      csrcs: [1, 0xffffffff],
      extension: { profile: 0xbede, data: Buffer.from([0x10, 0xaa, 0, 0]) },
      sequenceNumber: 65535,
      timestamp: 0xffffffff,
    });
    expect(parseRtp(serializeRtp(p))).toEqual(p);
  });

  it("strips padding and refuses padding longer than the packet", () => {
    const bytes = serializeRtp(packet());
    const padded = Buffer.concat([bytes, Buffer.from([0, 0, 3])]);
    padded[0] = (padded[0] ?? 0) | 0x20;
    expect(parseRtp(padded)?.payload).toEqual(Buffer.from([0xf8, 0xff, 0xfe]));
    const tooLong = Buffer.from(padded);
    tooLong[tooLong.length - 1] = 7; // 3 payload bytes + 3 padding bytes < 7
    expect(parseRtp(tooLong)).toBeUndefined();
    const zero = Buffer.from(padded);
    zero[zero.length - 1] = 0;
    expect(parseRtp(zero)).toBeUndefined();
  });

  it("refuses truncated headers, CSRC lists and extensions", () => {
    const full = serializeRtp(packet({ csrcs: [7, 8], extension: { profile: 1, data: Buffer.alloc(8) }, payload: Buffer.alloc(0) }));
    expect(parseRtp(full)).toBeDefined();
    for (let length = 0; length < full.length; length++) expect(parseRtp(full.subarray(0, length))).toBeUndefined();
  });

  it("refuses other versions and RTCP (SR, RR, SDES, BYE, APP, transport feedback)", () => {
    const v1 = serializeRtp(packet());
    v1[0] = 0x40;
    expect(parseRtp(v1)).toBeUndefined();
    for (const type of [200, 201, 202, 203, 204, 205, 206]) {
      const rtcp = Buffer.from([0x80, type, 0, 6, ...new Array<number>(24).fill(0)]);
      expect(isRtcp(rtcp)).toBe(true);
      expect(parseRtp(rtcp)).toBeUndefined();
    }
    expect(isRtcp(serializeRtp(packet()))).toBe(false);
    expect(isRtcp(serializeRtp(packet({ marker: true, payloadType: 0 })))).toBe(false);
  });

  it("never throws, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
        const buf = Buffer.from(bytes);
        if (buf.length > 0) buf[0] = 0x80 | ((buf[0] ?? 0) & 0x3f);
        const parsed = parseRtp(buf);
        if (parsed !== undefined) expect(parsed.payload.length).toBeLessThanOrEqual(buf.length - 12);
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips any packet it writes", () => {
    const arbitraryPacket = fc.record({
      marker: fc.boolean(),
      payloadType: fc.integer({ min: 0, max: 127 }).filter((pt) => pt < 64 || pt > 95),
      sequenceNumber: fc.integer({ min: 0, max: 0xffff }),
      timestamp: fc.integer({ min: 0, max: 0xffffffff }),
      ssrc: fc.integer({ min: 0, max: 0xffffffff }),
      csrcs: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
      payload: fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    });
    fc.assert(
      fc.property(arbitraryPacket, (p) => {
        expect(parseRtp(serializeRtp(p))).toEqual(p);
      }),
    );
  });
});

describe("serializeRtp", () => {
  it("refuses what RTP cannot carry", () => {
    expect(() => serializeRtp(packet({ payloadType: 128 }))).toThrow(/payload type/);
    expect(() => serializeRtp(packet({ csrcs: new Array<number>(16).fill(1) }))).toThrow(/15 CSRCs/);
    expect(() => serializeRtp(packet({ extension: { profile: 1, data: Buffer.alloc(3) } }))).toThrow(/32-bit words/);
  });

  it("writes version 2 and the fields big-endian", () => {
    const bytes = serializeRtp(packet({ marker: true, payloadType: 0, sequenceNumber: 0x0102, timestamp: 0x03040506, ssrc: 0x0708090a }));
    expect(bytes.subarray(0, 12).toString("hex")).toBe("808001020304050607080" + "90a");
  });
});

describe("seqDiff and tsDiff", () => {
  it("count forward across the wrap", () => {
    expect(seqDiff(2, 65534)).toBe(4);
    expect(seqDiff(65534, 2)).toBe(-4);
    expect(seqDiff(5, 5)).toBe(0);
    expect(seqDiff(32767, 0)).toBe(32767);
    expect(seqDiff(32768, 0)).toBe(-32768);
    expect(tsDiff(320, 0xffffffc0)).toBe(384);
    expect(tsDiff(0xffffffc0, 320)).toBe(-384);
    expect(tsDiff(960, 0)).toBe(960);
    expect(tsDiff(0x80000000, 0)).toBe(-0x80000000);
  });
});
