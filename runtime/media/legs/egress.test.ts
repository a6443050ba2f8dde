import { describe, expect, it } from "vitest";
import { OPUS_SILENCE_20MS } from "../codecs/codec";
import { parseRtp, type RtpPacket } from "../rtp/rtp-packet";
import { Egress } from "./egress";

function rig(start = 1000) {
  let now = start;
  const sent: RtpPacket[] = [];
  const egress = new Egress(
    {
      sendRtp: (buffer) => {
        const packet = parseRtp(buffer);
        if (packet === undefined) throw new Error("the egress sent something that is not RTP");
        sent.push(packet);
      },
    },
    { ssrc: 0xdeadbeef, payloadType: 111, clockRate: 48_000, telephoneEvent: { payloadType: 126, clockRate: 8000 }, now: () => now, initialSequence: 65_530, initialTimestamp: 0xffff_f000 },
  );
  return { egress, sent, advance: (ms: number) => (now += ms) };
}

const peer = (sequenceNumber: number, timestamp: number, ssrc = 77): RtpPacket => ({ marker: false, payloadType: 111, sequenceNumber, timestamp, ssrc, csrcs: [], payload: Buffer.from([0xfc, 1, 2]) });
const nth = <T>(list: readonly T[], index: number): T => {
  const value = list.at(index);
  if (value === undefined) throw new Error(`no item ${index} in a list of ${list.length}`);
  return value;
};
const wrapDiff = (a: number, b: number) => (a - b + 0x1_0000_0000) % 0x1_0000_0000;

describe("Egress", () => {
  it("sends one SSRC with sequence numbers and timestamps that never jump back across sources (and wrap)", () => {
    const { egress, sent, advance } = rig();
    for (let i = 0; i < 5; i += 1) {
      egress.sendFrame("prompt:1", OPUS_SILENCE_20MS, 960);
      advance(20);
    }
    // Hold music starts 20 ms later: a new segment.
    for (let i = 0; i < 3; i += 1) {
      egress.sendFrame("hold", OPUS_SILENCE_20MS, 960);
      advance(20);
    }
    expect(new Set(sent.map((packet) => packet.ssrc))).toEqual(new Set([0xdeadbeef]));
    for (let i = 1; i < sent.length; i += 1) {
      expect((nth(sent, i).sequenceNumber - nth(sent, i - 1).sequenceNumber + 65_536) % 65_536).toBe(1);
      expect(wrapDiff(nth(sent, i).timestamp, nth(sent, i - 1).timestamp)).toBe(960);
    }
    expect(sent.map((packet) => packet.marker)).toEqual([true, false, false, false, false, true, false, false]);
  });

  it("advances the timestamp by the time that passed when a source starts after a pause", () => {
    const { egress, sent, advance } = rig();
    egress.sendFrame("prompt:1", OPUS_SILENCE_20MS, 960);
    advance(500);
    egress.sendFrame("prompt:2", OPUS_SILENCE_20MS, 960);
    expect(wrapDiff(nth(sent, 1).timestamp, nth(sent, 0).timestamp)).toBe(24_000);
  });

  it("relays a peer's packets keeping their spacing, loss and order, rewritten into its own numbering", () => {
    const { egress, sent, advance } = rig();
    egress.sendFrame("silence", OPUS_SILENCE_20MS, 960);
    advance(20);
    const first = nth(sent, 0);
    egress.relay("relay:a", peer(100, 50_000), 960);
    egress.relay("relay:a", peer(101, 50_960), 960);
    egress.relay("relay:a", peer(103, 52_880), 960); // 102 lost upstream
    egress.relay("relay:a", peer(102, 51_920), 960); // arrives late
    const relayed = sent.slice(1);
    expect(nth(relayed, 0).marker).toBe(true);
    expect(wrapDiff(nth(relayed, 0).timestamp, first.timestamp)).toBe(960);
    expect(relayed.map((packet) => (packet.sequenceNumber - nth(relayed, 0).sequenceNumber + 65_536) % 65_536)).toEqual([0, 1, 3, 2]);
    expect(relayed.map((packet) => wrapDiff(packet.timestamp, nth(relayed, 0).timestamp))).toEqual([0, 960, 2880, 1920]);
    // Back to a paced source: it follows the newest relayed packet, not the late one.
    advance(20);
    egress.sendFrame("hold", OPUS_SILENCE_20MS, 960);
    const after = nth(sent, -1);
    expect((after.sequenceNumber - nth(relayed, 2).sequenceNumber + 65_536) % 65_536).toBe(1);
    expect(wrapDiff(after.timestamp, nth(relayed, 2).timestamp)).toBeGreaterThanOrEqual(960);
  });

  it("starts a new segment when the relayed peer changes SSRC", () => {
    const { egress, sent } = rig();
    egress.relay("relay:a", peer(100, 50_000, 1), 960);
    egress.relay("relay:a", peer(9, 7_000_000, 2), 960);
    expect(nth(sent, 1).marker).toBe(true);
    expect(wrapDiff(nth(sent, 1).timestamp, nth(sent, 0).timestamp)).toBe(960);
    expect((nth(sent, 1).sequenceNumber - nth(sent, 0).sequenceNumber + 65_536) % 65_536).toBe(1);
  });

  it("sends a key as RFC 4733 telephone-events on its own payload type, sharing one timestamp, the last three marked end", () => {
    const { egress, sent } = rig();
    expect(egress.sendDigits("5")).toBe(true);
    for (let i = 0; i < 20; i += 1) egress.tick();
    const events = sent.filter((packet) => packet.payloadType === 126);
    expect(events.length).toBeGreaterThanOrEqual(4);
    expect(new Set(events.map((packet) => packet.timestamp)).size).toBe(1);
    expect(nth(events, 0).marker).toBe(true);
    expect(events.every((packet) => packet.payload[0] === 5)).toBe(true);
    expect(events.slice(-3).every((packet) => (packet.payload.readUInt8(1) & 0x80) !== 0)).toBe(true);
    expect(events.slice(0, -3).every((packet) => (packet.payload.readUInt8(1) & 0x80) === 0)).toBe(true);
  });

  it("sends keys one after another with a gap, muting the audio during each press; the audio after a press is a new segment", () => {
    const { egress, sent, advance } = rig();
    // One clock tick: the key's next packet, then the leg's audio frame (as Leg.tick does).
    const ticks = (count: number) => {
      for (let tick = 0; tick < count; tick += 1) {
        egress.tick();
        egress.sendFrame("silence", OPUS_SILENCE_20MS, 960);
        advance(20);
      }
    };
    ticks(2);
    expect(egress.sendDigits("12", 60)).toBe(true);
    ticks(28);
    const kinds = sent.map((packet) => (packet.payloadType === 126 ? `e${packet.payload[0]}` : "a")).join(" ");
    // 60 ms: 2 progress + 3 end packets per key, no audio until the last end copy, 100 ms (5 frames) between the keys.
    expect(kinds).toBe(["a a", "e1 e1 e1 e1 e1", "a a a a a", "e2 e2 e2 e2 e2", ...Array(15).fill("a")].join(" "));
    for (let k = 1; k < sent.length; k += 1) expect((nth(sent, k).sequenceNumber - nth(sent, k - 1).sequenceNumber + 65_536) % 65_536).toBe(1);
    const [before, press, after] = [nth(sent, 1), nth(sent, 2), nth(sent, 7)];
    expect([press.marker, after.marker]).toEqual([true, true]);
    // The press starts where the audio stands (20 ms after the last frame); the audio after it moved on by the 80 ms it took.
    expect(wrapDiff(press.timestamp, before.timestamp)).toBe(960);
    expect(wrapDiff(after.timestamp, press.timestamp)).toBe(3_840);
    expect(egress.digitsPending).toBe(0);
  });

  it("checks every key and length before queuing any", () => {
    const { egress, sent } = rig();
    expect(() => egress.sendDigits("1x")).toThrow(RangeError);
    expect(() => egress.sendDigits("1", 20)).toThrow(RangeError);
    expect(egress.digitsPending).toBe(0);
    for (let i = 0; i < 10; i += 1) egress.tick();
    expect(sent).toHaveLength(0);
  });

  it("refuses keys on a leg without telephone-event", () => {
    const egress = new Egress({ sendRtp: () => {} }, { ssrc: 1, payloadType: 0, clockRate: 8000 });
    expect(egress.sendDigits("1")).toBe(false);
  });
});
