import type { RtcpReportBlock } from "./rtcp";
import { seqDiff } from "./rtp-packet";

const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

/**
 * What we received from one remote SSRC, for the report block of our RTCP (RFC 3550 A.1, A.3,
 * A.8): extended highest sequence number, cumulative and interval loss, interarrival jitter, and
 * the last SR heard (LSR/DLSR). A jump beyond 3000 packets, or a new SSRC, starts again.
 */
export class RtpReceiveStats {
  private ssrc: number | undefined;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private jitter = 0;
  private lastTransit: number | undefined;
  private lastSr: { middle: number; atMs: number } | undefined;

  constructor(private readonly clockRate: number) {}

  /** One RTP packet as it arrived (`arrivalMs` on a monotonic clock). */
  update(ssrc: number, seq: number, timestamp: number, arrivalMs: number): void {
    if (this.ssrc !== ssrc) this.restart(ssrc, seq);
    else {
      const delta = seqDiff(seq, this.maxSeq);
      if (delta > 0 && delta < MAX_DROPOUT) {
        if (seq < this.maxSeq) this.cycles += 65536;
        this.maxSeq = seq;
      } else if (delta >= MAX_DROPOUT || delta < -MAX_MISORDER) {
        this.restart(ssrc, seq);
      }
    }
    this.received++;
    const arrival = (arrivalMs * this.clockRate) / 1000;
    const transit = arrival - timestamp;
    if (this.lastTransit !== undefined) {
      let d = Math.abs(transit - this.lastTransit);
      // A timestamp wrap between two packets is not jitter.
      if (d > 0x8000_0000) d = Math.abs(d - 0x1_0000_0000);
      this.jitter += (d - this.jitter) / 16;
    }
    this.lastTransit = transit;
  }

  /** A sender report from the peer (its NTP time) arrived now. */
  senderReport(ntpSeconds: number, ntpFraction: number, arrivalMs: number): void {
    this.lastSr = { middle: (((ntpSeconds & 0xffff) << 16) | (ntpFraction >>> 16)) >>> 0, atMs: arrivalMs };
  }

  /** The report block for our next SR/RR, or undefined before any packet; moves the interval on. */
  block(nowMs: number): RtcpReportBlock | undefined {
    if (this.ssrc === undefined) return undefined;
    const extendedMax = this.cycles + this.maxSeq;
    const expected = extendedMax - this.baseSeq + 1;
    const expectedInterval = expected - this.expectedPrior;
    const receivedInterval = this.received - this.receivedPrior;
    this.expectedPrior = expected;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    return {
      ssrc: this.ssrc,
      fractionLost: expectedInterval <= 0 || lostInterval <= 0 ? 0 : Math.min(255, Math.floor((lostInterval * 256) / expectedInterval)),
      cumulativeLost: expected - this.received,
      highestSequence: extendedMax % 0x1_0000_0000,
      jitter: this.jitter,
      lastSenderReport: this.lastSr?.middle ?? 0,
      delaySinceLastSenderReport: this.lastSr === undefined ? 0 : Math.round(((nowMs - this.lastSr.atMs) * 65536) / 1000),
    };
  }

  private restart(ssrc: number, seq: number): void {
    this.ssrc = ssrc;
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.cycles = 0;
    this.received = 0;
    this.expectedPrior = 0;
    this.receivedPrior = 0;
    this.jitter = 0;
    this.lastTransit = undefined;
  }
}
