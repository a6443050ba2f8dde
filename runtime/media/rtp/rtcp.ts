/**
 * RTCP (RFC 3550 §6) as much as an RTP leg needs: read a compound packet's sender and receiver
 * reports (and BYE), write our own SR or RR with an SDES CNAME, and BYE. `parseRtcp` never throws
 * on bytes from the network: anything malformed is undefined.
 */

export interface RtcpReportBlock {
  ssrc: number;
  /** Fraction of packets lost since the last report, in 1/256. */
  fractionLost: number;
  /** Cumulative packets lost (24-bit signed). */
  cumulativeLost: number;
  /** Extended highest sequence number received (cycles · 2^16 + seq). */
  highestSequence: number;
  /** Interarrival jitter, RTP clock units. */
  jitter: number;
  /** Middle 32 bits of the NTP time of the last SR received from this source (0: none). */
  lastSenderReport: number;
  /** Delay since that SR, in 1/65536 s. */
  delaySinceLastSenderReport: number;
}

export interface RtcpSenderInfo {
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
}

export type RtcpPacket =
  | { type: "sr"; ssrc: number; sender: RtcpSenderInfo; reports: RtcpReportBlock[] }
  | { type: "rr"; ssrc: number; reports: RtcpReportBlock[] }
  | { type: "bye"; ssrcs: number[] }
  | { type: "other"; packetType: number };

const SR = 200;
const RR = 201;
const SDES = 202;
const BYE = 203;
const REPORT_BLOCK = 24;

function readBlocks(buf: Buffer, offset: number, count: number): RtcpReportBlock[] {
  const reports: RtcpReportBlock[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + i * REPORT_BLOCK;
    const lostWord = buf.readUInt32BE(at + 4);
    const lost = lostWord & 0xffffff;
    reports.push({
      ssrc: buf.readUInt32BE(at),
      fractionLost: lostWord >>> 24,
      cumulativeLost: lost & 0x800000 ? lost - 0x1000000 : lost,
      highestSequence: buf.readUInt32BE(at + 8),
      jitter: buf.readUInt32BE(at + 12),
      lastSenderReport: buf.readUInt32BE(at + 16),
      delaySinceLastSenderReport: buf.readUInt32BE(at + 20),
    });
  }
  return reports;
}

/** The packets of a compound RTCP packet, or undefined when any of it is malformed (RFC 3550 A.2: version 2, lengths that add up). */
export function parseRtcp(buf: Buffer): RtcpPacket[] | undefined {
  const packets: RtcpPacket[] = [];
  let offset = 0;
  while (offset < buf.length) {
    if (offset + 4 > buf.length) return undefined;
    const first = buf[offset] ?? 0;
    const packetType = buf[offset + 1] ?? 0;
    const length = (buf.readUInt16BE(offset + 2) + 1) * 4;
    if (first >> 6 !== 2 || offset + length > buf.length) return undefined;
    const count = first & 0x1f;
    // Padding is only allowed on the last packet of a compound.
    if ((first & 0x20) !== 0 && offset + length !== buf.length) return undefined;
    if (packetType === SR) {
      if (length < 28 + count * REPORT_BLOCK) return undefined;
      packets.push({
        type: "sr",
        ssrc: buf.readUInt32BE(offset + 4),
        sender: {
          ntpSeconds: buf.readUInt32BE(offset + 8),
          ntpFraction: buf.readUInt32BE(offset + 12),
          rtpTimestamp: buf.readUInt32BE(offset + 16),
          packetCount: buf.readUInt32BE(offset + 20),
          octetCount: buf.readUInt32BE(offset + 24),
        },
        reports: readBlocks(buf, offset + 28, count),
      });
    } else if (packetType === RR) {
      if (length < 8 + count * REPORT_BLOCK) return undefined;
      packets.push({ type: "rr", ssrc: buf.readUInt32BE(offset + 4), reports: readBlocks(buf, offset + 8, count) });
    } else if (packetType === BYE) {
      if (length < 4 + count * 4) return undefined;
      packets.push({ type: "bye", ssrcs: Array.from({ length: count }, (_, i) => buf.readUInt32BE(offset + 4 + i * 4)) });
    } else if (packetType >= 192 && packetType <= 223) {
      packets.push({ type: "other", packetType });
    } else {
      return undefined;
    }
    offset += length;
  }
  return packets.length > 0 ? packets : undefined;
}

function writeBlock(block: RtcpReportBlock): Buffer {
  const out = Buffer.alloc(REPORT_BLOCK);
  out.writeUInt32BE(block.ssrc >>> 0, 0);
  const lost = Math.max(-0x800000, Math.min(0x7fffff, block.cumulativeLost));
  out.writeUInt32BE((((block.fractionLost & 0xff) << 24) | (lost & 0xffffff)) >>> 0, 4);
  out.writeUInt32BE(block.highestSequence >>> 0, 8);
  out.writeUInt32BE(Math.max(0, Math.round(block.jitter)) >>> 0, 12);
  out.writeUInt32BE(block.lastSenderReport >>> 0, 16);
  out.writeUInt32BE(block.delaySinceLastSenderReport >>> 0, 20);
  return out;
}

function sdesCname(ssrc: number, cname: string): Buffer {
  const text = Buffer.from(cname, "utf8").subarray(0, 255);
  // Chunk: SSRC, CNAME item (type 1, length, text), the end item (0), padded to 32 bits.
  const chunkLength = Math.ceil((4 + 2 + text.length + 1) / 4) * 4;
  const out = Buffer.alloc(4 + chunkLength);
  out[0] = 0x81;
  out[1] = SDES;
  out.writeUInt16BE(out.length / 4 - 1, 2);
  out.writeUInt32BE(ssrc >>> 0, 4);
  out[8] = 1;
  out[9] = text.length;
  text.copy(out, 10);
  return out;
}

/** Our report: an SR when we sent since the last one (`sender`), else an RR, with at most one report block, then SDES CNAME. */
export function buildRtcpReport(options: { ssrc: number; cname: string; sender?: RtcpSenderInfo; report?: RtcpReportBlock }): Buffer {
  const blocks = options.report === undefined ? [] : [writeBlock(options.report)];
  const senderBytes = options.sender === undefined ? 0 : 20;
  const head = Buffer.alloc(8 + senderBytes);
  head[0] = 0x80 | blocks.length;
  head[1] = options.sender === undefined ? RR : SR;
  head.writeUInt16BE((head.length + blocks.length * REPORT_BLOCK) / 4 - 1, 2);
  head.writeUInt32BE(options.ssrc >>> 0, 4);
  if (options.sender !== undefined) {
    head.writeUInt32BE(options.sender.ntpSeconds >>> 0, 8);
    head.writeUInt32BE(options.sender.ntpFraction >>> 0, 12);
    head.writeUInt32BE(options.sender.rtpTimestamp >>> 0, 16);
    head.writeUInt32BE(options.sender.packetCount >>> 0, 20);
    head.writeUInt32BE(options.sender.octetCount >>> 0, 24);
  }
  return Buffer.concat([head, ...blocks, sdesCname(options.ssrc, options.cname)]);
}

/** An RR (no blocks) + SDES + BYE: what we send when the leg ends. */
export function buildRtcpBye(ssrc: number, cname: string): Buffer {
  const bye = Buffer.alloc(8);
  bye[0] = 0x81;
  bye[1] = BYE;
  bye.writeUInt16BE(1, 2);
  bye.writeUInt32BE(ssrc >>> 0, 4);
  return Buffer.concat([buildRtcpReport({ ssrc, cname }), bye]);
}

/** NTP time (seconds since 1900 and 2^-32 fractions) of a Unix time in ms. */
export function ntpTime(unixMs: number): { ntpSeconds: number; ntpFraction: number } {
  const seconds = unixMs / 1000 + 2_208_988_800;
  const whole = Math.floor(seconds);
  return { ntpSeconds: whole >>> 0, ntpFraction: Math.floor((seconds - whole) * 0x1_0000_0000) >>> 0 };
}
