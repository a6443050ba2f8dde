import { describe, expect, it } from "vitest";
import { buildRtcpBye, buildRtcpReport, ntpTime, parseRtcp } from "./rtcp";
import { RtpReceiveStats } from "./rtp-receive-stats";

const block = { ssrc: 0xdee0ee8f, fractionLost: 12, cumulativeLost: -3, highestSequence: 0x1_e6f5, jitter: 42, lastSenderReport: 0x12345678, delaySinceLastSenderReport: 65536 };

describe("RTCP", () => {
  it("writes an SR with a report block and SDES CNAME that reads back, and an RR without", () => {
    const sender = { ...ntpTime(Date.UTC(2025, 0, 1)), rtpTimestamp: 123456, packetCount: 50, octetCount: 8000 };
    const sr = buildRtcpReport({ ssrc: 0xcafebabe, cname: "switchboard@leg", sender, report: block });
    expect(sr.length % 4).toBe(0);
    expect(parseRtcp(sr)).toEqual([{ type: "sr", ssrc: 0xcafebabe, sender, reports: [block] }, { type: "other", packetType: 202 }]);
    expect(sender.ntpSeconds).toBe(Math.floor(Date.UTC(2025, 0, 1) / 1000) + 2_208_988_800);
    const rr = buildRtcpReport({ ssrc: 1, cname: "x" });
    expect(parseRtcp(rr)).toEqual([{ type: "rr", ssrc: 1, reports: [] }, { type: "other", packetType: 202 }]);
    expect(parseRtcp(buildRtcpBye(7, "x"))?.at(-1)).toEqual({ type: "bye", ssrcs: [7] });
  });

  it("refuses malformed compounds without throwing", () => {
    const sr = buildRtcpReport({ ssrc: 1, cname: "c", report: block });
    const bad = [
      Buffer.alloc(0),
      sr.subarray(0, sr.length - 1),
      sr.subarray(0, 10),
      Buffer.from([0x40, 200, 0, 6, ...Buffer.alloc(24)]), // version 1
      Buffer.from([0x81, 201, 0, 1, 0, 0, 0, 1]), // claims a block it does not hold
      Buffer.from([0x80, 100, 0, 1, 0, 0, 0, 1]), // not an RTCP packet type
      Buffer.from([0xa0, 201, 0, 1, 0, 0, 0, 1, ...sr]), // padding before the last packet
      Buffer.alloc(65_507, 0x80),
    ];
    for (const packet of bad) expect(parseRtcp(packet)).toBeUndefined();
    for (let i = 0; i < 500; i++) {
      const noise = Buffer.from(Array.from({ length: 4 + (i % 60) }, () => Math.floor(Math.random() * 256)));
      expect(() => parseRtcp(noise)).not.toThrow();
    }
  });
});

describe("RtpReceiveStats", () => {
  it("counts loss across the sequence wrap and reports the last SR", () => {
    const stats = new RtpReceiveStats(8000);
    let lost = 0;
    for (let k = 0; k < 100; k++) {
      if (k % 20 === 7) {
        lost++;
        continue;
      }
      stats.update(0xabc, (65500 + k) & 0xffff, k * 160, k * 20);
    }
    stats.senderReport(0x0001_2345, 0x6789_0000, 1000);
    const report = stats.block(1500);
    expect(report).toMatchObject({ ssrc: 0xabc, cumulativeLost: lost, highestSequence: 65536 + ((65500 + 99) & 0xffff), lastSenderReport: 0x2345_6789, delaySinceLastSenderReport: 32768 });
    expect(report?.fractionLost).toBe(Math.floor((lost * 256) / 100));
    expect(report?.jitter).toBeLessThan(1);
    // The next interval had no loss.
    for (let k = 100; k < 110; k++) stats.update(0xabc, (65500 + k) & 0xffff, k * 160, k * 20);
    expect(stats.block(2000)?.fractionLost).toBe(0);
  });
});
