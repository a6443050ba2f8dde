/**
 * RTP (RFC 3550) packets: parse, serialize, and the wrap-aware arithmetic on sequence numbers and
 * timestamps. Pure and synchronous; `parseRtp` never throws on bytes from the network.
 */

export interface RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: number[];
  /** The payload without padding. `parseRtp` returns a view into the parsed buffer, not a copy. */
  payload: Buffer;
  /** The RFC 3550 §5.3.1 header extension: `data` is a whole number of 32-bit words. */
  extension?: { profile: number; data: Buffer };
}

const FIXED_HEADER = 12;

/**
 * RTCP packet types share the RTP header's second byte with marker + payload type. RFC 5761 §4
 * reserves 192–223 for RTCP (SR 200, RR 201, SDES 202, BYE 203, APP 204, RTPFB 205, PSFB 206,
 * XR 207, ...), so RTP never uses payload types 64–95.
 */
export function isRtcp(buf: Buffer): boolean {
  if (buf.length < 8) return false;
  const first = buf[0] ?? 0;
  const second = buf[1] ?? 0;
  return first >> 6 === 2 && second >= 192 && second <= 223;
}

/** The packet, or undefined for anything that is not a well-formed RTP version 2 packet (RTCP included). */
export function parseRtp(buf: Buffer): RtpPacket | undefined {
  if (buf.length < FIXED_HEADER) return undefined;
  const b0 = buf.readUInt8(0);
  const b1 = buf.readUInt8(1);
  if (b0 >> 6 !== 2) return undefined;
  if (b1 >= 192 && b1 <= 223) return undefined;
  const padding = (b0 & 0x20) !== 0;
  const hasExtension = (b0 & 0x10) !== 0;
  const csrcCount = b0 & 0x0f;
  let offset = FIXED_HEADER + csrcCount * 4;
  if (offset > buf.length) return undefined;
  const csrcs: number[] = [];
  for (let i = 0; i < csrcCount; i++) csrcs.push(buf.readUInt32BE(FIXED_HEADER + i * 4));
  let extension: RtpPacket["extension"];
  if (hasExtension) {
    if (offset + 4 > buf.length) return undefined;
    const profile = buf.readUInt16BE(offset);
    const words = buf.readUInt16BE(offset + 2);
    const end = offset + 4 + words * 4;
    if (end > buf.length) return undefined;
    extension = { profile, data: buf.subarray(offset + 4, end) };
    offset = end;
  }
  let end = buf.length;
  if (padding) {
    // The last byte counts the padding bytes, itself included: 0 or more than the space after the header is malformed.
    const count = buf.readUInt8(buf.length - 1);
    if (count === 0 || count > buf.length - offset) return undefined;
    end -= count;
  }
  const packet: RtpPacket = {
    marker: (b1 & 0x80) !== 0,
    payloadType: b1 & 0x7f,
    sequenceNumber: buf.readUInt16BE(2),
    timestamp: buf.readUInt32BE(4),
    ssrc: buf.readUInt32BE(8),
    csrcs,
    payload: buf.subarray(offset, end),
  };
  if (extension !== undefined) packet.extension = extension;
  return packet;
}

/** The packet's bytes (no padding). Throws a RangeError for a packet that cannot be written. */
export function serializeRtp(p: RtpPacket): Buffer {
  if (!Number.isInteger(p.payloadType) || p.payloadType < 0 || p.payloadType > 127) {
    throw new RangeError(`RTP payload type must be 0–127, got ${p.payloadType}`);
  }
  if (p.csrcs.length > 15) throw new RangeError(`RTP carries at most 15 CSRCs, got ${p.csrcs.length}`);
  const ext = p.extension;
  if (ext !== undefined && (ext.data.length % 4 !== 0 || ext.data.length / 4 > 0xffff)) {
    throw new RangeError(`RTP header extension data must be a whole number of 32-bit words (at most 65535), got ${ext.data.length} bytes`);
  }
  const extLength = ext === undefined ? 0 : 4 + ext.data.length;
  const headerLength = FIXED_HEADER + p.csrcs.length * 4 + extLength;
  const out = Buffer.allocUnsafe(headerLength + p.payload.length);
  out[0] = 0x80 | (ext === undefined ? 0 : 0x10) | p.csrcs.length;
  out[1] = (p.marker ? 0x80 : 0) | p.payloadType;
  out.writeUInt16BE(p.sequenceNumber & 0xffff, 2);
  out.writeUInt32BE(p.timestamp >>> 0, 4);
  out.writeUInt32BE(p.ssrc >>> 0, 8);
  let offset = FIXED_HEADER;
  for (const csrc of p.csrcs) {
    out.writeUInt32BE(csrc >>> 0, offset);
    offset += 4;
  }
  if (ext !== undefined) {
    out.writeUInt16BE(ext.profile & 0xffff, offset);
    out.writeUInt16BE(ext.data.length / 4, offset + 2);
    ext.data.copy(out, offset + 4);
    offset += extLength;
  }
  p.payload.copy(out, offset);
  return out;
}

/** `a − b` for 16-bit sequence numbers, in −32768…32767: positive when `a` is after `b`, across the wrap. */
export function seqDiff(a: number, b: number): number {
  return (((a - b) & 0xffff) << 16) >> 16;
}

/** `a − b` for 32-bit RTP timestamps, in −2^31…2^31−1: positive when `a` is after `b`, across the wrap. */
export function tsDiff(a: number, b: number): number {
  return (a - b) | 0;
}
