import { describe, expect, it } from "vitest";
import { readPcapUdpPayloads, SIPP_PCAP_DIR } from "../test-support/read-pcap";
import { parseRtp, type RtpPacket } from "../rtp/rtp-packet";
import { DtmfReceiver } from "./dtmf-receiver";
import { dtmfPackets } from "./dtmf-sender";
import { dtmfEvent, serializeTelephoneEvent } from "./telephone-event";

/** The digits a receiver reports for these packets, in order. */
function digitsOf(packets: readonly RtpPacket[]): string {
  let digits = "";
  const receiver = new DtmfReceiver((digit) => {
    digits += digit;
  });
  for (const packet of packets) receiver.receive(packet);
  return digits;
}

/** sipp's capture of one key, as RTP packets. */
function sipp(key: string): RtpPacket[] {
  return readPcapUdpPayloads(`${SIPP_PCAP_DIR}/dtmf_2833_${key}.pcap`).map((bytes) => {
    const packet = parseRtp(bytes);
    if (packet === undefined) throw new Error(`dtmf_2833_${key}.pcap holds a packet that is not RTP`);
    return packet;
  });
}

const SSRC = 0x5eed;

/** A leg that numbers packets like a browser: audio and DTMF share one SSRC and one sequence. */
class Leg {
  seq = 65530; // wraps during the test
  ts = 4_294_900_000; // so do the timestamps
  constructor(private readonly clockRate: number) {}

  /** `packets` of silence time passing: audio packets the receiver is not fed but that use seq numbers. */
  gap(packets: number): void {
    this.seq = (this.seq + packets) & 0xffff;
    this.ts = (this.ts + (packets * this.clockRate) / 50) >>> 0;
  }

  /** One press as Chromium sends it: 3 packets all E=1 and M=1 for a short tone, or progress + 3 end packets. */
  chromium(key: string, progressPackets: number): RtpPacket[] {
    const event = dtmfEvent(key) ?? -1;
    const step = this.clockRate / 50;
    const packets: RtpPacket[] = [];
    for (let i = 0; i < progressPackets; i++) packets.push(this.packet(i === 0, { event, end: false, volume: 10, duration: (i + 1) * step }));
    const total = (progressPackets + 1) * step;
    for (let i = 0; i < 3; i++) packets.push(this.packet(progressPackets === 0, { event, end: true, volume: 10, duration: total }));
    this.ts = (this.ts + total) >>> 0;
    return packets;
  }

  /** One press built by our sender. */
  sent(key: string, durationMs: number): RtpPacket[] {
    const packets = dtmfPackets(key, { clockRate: this.clockRate, durationMs }).map((p) => ({
      marker: p.marker,
      payloadType: 101,
      sequenceNumber: this.nextSeq(),
      timestamp: (this.ts + p.timestampOffset) >>> 0,
      ssrc: SSRC,
      csrcs: [],
      payload: p.payload,
    }));
    this.ts = (this.ts + (durationMs * this.clockRate) / 1000) >>> 0;
    return packets;
  }

  packet(marker: boolean, event: Parameters<typeof serializeTelephoneEvent>[0]): RtpPacket {
    return {
      marker,
      payloadType: this.clockRate === 8000 ? 126 : 110,
      sequenceNumber: this.nextSeq(),
      timestamp: this.ts,
      ssrc: SSRC,
      csrcs: [],
      payload: serializeTelephoneEvent(event),
    };
  }

  private nextSeq(): number {
    const seq = this.seq;
    this.seq = (this.seq + 1) & 0xffff;
    return seq;
  }
}

/** `insertDTMF(keys)` on a leg: each press, then a gap of audio packets. */
function chromiumKeys(leg: Leg, keys: string, progressPackets: number, gapPackets = 4): RtpPacket[] {
  return keys.split("").flatMap((key) => {
    const press = leg.chromium(key, progressPackets);
    leg.gap(gapPackets);
    return press;
  });
}

describe("DtmfReceiver", () => {
  it.each([
    ["0", "0"],
    ["1", "1"],
    ["2", "2"],
    ["3", "3"],
    ["4", "4"],
    ["5", "5"],
    ["6", "6"],
    ["7", "7"],
    ["8", "8"],
    ["9", "9"],
    ["star", "*"],
    ["pound", "#"],
  ])("reports sipp's dtmf_2833_%s.pcap (7 progress, 3 identical end packets) once as %s", (file, digit) => {
    const packets = sipp(file);
    expect(packets.filter((p) => (p.payload[1] ?? 0) & 0x80)).toHaveLength(3);
    expect(digitsOf(packets)).toBe(digit);
  });

  it("reports the same sipp file played twice as two presses (byte-identical replay: same SSRC, timestamp and seq)", () => {
    expect(digitsOf([...sipp("1"), ...sipp("1")])).toBe("11");
    expect(digitsOf([...sipp("1"), ...sipp("2"), ...sipp("1"), ...sipp("1")])).toBe("1211");
  });

  it("reports Chromium's 110/48000 presses (progress every 20 ms, then 3 end packets) once each", () => {
    expect(digitsOf(chromiumKeys(new Leg(48000), "159#*0", 4))).toBe("159#*0");
  });

  it("reports Chromium's short 126/8000 tones (3 packets, all E=1 and M=1) once each", () => {
    expect(digitsOf(chromiumKeys(new Leg(8000), "159#*0", 0))).toBe("159#*0");
  });

  it("reports Chromium's 400 ms 126/8000 tones (3 progress + 3 end) once each", () => {
    expect(digitsOf(chromiumKeys(new Leg(8000), "159#*0", 3))).toBe("159#*0");
  });

  it("reports the same key pressed again with a short gap as two presses", () => {
    expect(digitsOf(chromiumKeys(new Leg(8000), "5555", 0, 1))).toBe("5555");
    expect(digitsOf(chromiumKeys(new Leg(48000), "22", 4, 1))).toBe("22");
  });

  it("reports one press when a relay re-stamps the last end packets (rtpengine #1812: '222222')", () => {
    const leg = new Leg(48000);
    const press = leg.chromium("2", 4);
    const restamped = press.slice(-2).map((p, i) => ({ ...p, timestamp: (p.timestamp + 960 * (i + 1)) >>> 0 }));
    const packets = [...press.slice(0, -2), ...restamped];
    expect(digitsOf(packets)).toBe("2");
    leg.gap(4);
    expect(digitsOf([...packets, ...leg.chromium("2", 4)])).toBe("22");
  });

  it("reports one press for a long event continued under new timestamps (only its end counts)", () => {
    const leg = new Leg(8000);
    const packets: RtpPacket[] = [];
    for (let segment = 0; segment < 3; segment++) {
      packets.push(leg.packet(segment === 0, { event: 7, end: false, volume: 10, duration: 8000 }));
      packets.push(leg.packet(false, { event: 7, end: false, volume: 10, duration: 0xffff }));
      leg.ts = (leg.ts + 0xffff) >>> 0;
    }
    packets.push(leg.packet(false, { event: 7, end: true, volume: 10, duration: 1000 }));
    expect(digitsOf(packets)).toBe("7");
  });

  it("does not report a late copy of an earlier press's end packet again", () => {
    const leg = new Leg(48000);
    const first = leg.chromium("1", 4);
    leg.gap(4);
    const second = leg.chromium("2", 4);
    const lateCopy = first.at(-1);
    expect(digitsOf([...first.slice(0, -1), ...second, ...(lateCopy === undefined ? [] : [lateCopy])])).toBe("12");
  });

  it("reports a press whose first end packets were lost, and nothing for a press that never ended", () => {
    const leg = new Leg(48000);
    const lostEnds = leg.chromium("4", 4).slice(0, -2);
    leg.gap(4);
    const neverEnded = leg.chromium("6", 4).filter((p) => !((p.payload[1] ?? 0) & 0x80));
    expect(digitsOf([...lostEnds, ...neverEnded])).toBe("4");
  });

  it("ignores flash, non-DTMF events and short payloads", () => {
    const leg = new Leg(8000);
    const flash = leg.packet(true, { event: 16, end: true, volume: 10, duration: 800 });
    const short = { ...leg.packet(true, { event: 1, end: true, volume: 10, duration: 800 }), payload: Buffer.from([1, 0x80]) };
    expect(digitsOf([flash, short])).toBe("");
  });

  it.each([8000, 48000])("reports each press our sender makes at %i Hz once", (clockRate) => {
    const leg = new Leg(clockRate);
    const packets = "0123456789*#ABCD".split("").flatMap((key) => {
      const press = leg.sent(key, 100);
      leg.gap(3);
      return press;
    });
    expect(digitsOf([...packets, ...leg.sent("1", 40), ...leg.sent("1", 40)])).toBe("0123456789*#ABCD11");
  });
});
