/** RTP packets for tests (RFC 3550 fixed header; CSRCs, extensions and padding skipped on read). */
export interface RtpFields {
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  marker?: boolean;
  payload: Uint8Array;
}

export function buildRtpPacket(fields: RtpFields): Buffer {
  const packet = Buffer.alloc(12 + fields.payload.length);
  packet[0] = 0x80;
  packet[1] = (fields.marker ? 0x80 : 0) | (fields.payloadType & 0x7f);
  packet.writeUInt16BE(fields.sequenceNumber & 0xffff, 2);
  packet.writeUInt32BE(fields.timestamp >>> 0, 4);
  packet.writeUInt32BE(fields.ssrc >>> 0, 8);
  packet.set(fields.payload, 12);
  return packet;
}

/** The header fields and payload of an RTP packet, or undefined when it is not one. */
export function readRtpPacket(packet: Uint8Array): (Required<RtpFields> & { payload: Buffer }) | undefined {
  const buffer = Buffer.from(packet.buffer, packet.byteOffset, packet.byteLength);
  if (buffer.length < 12 || (buffer[0] ?? 0) >> 6 !== 2) return undefined;
  const first = buffer[0] ?? 0;
  let offset = 12 + 4 * (first & 0x0f);
  if (first & 0x10) {
    if (buffer.length < offset + 4) return undefined;
    offset += 4 + 4 * buffer.readUInt16BE(offset + 2);
  }
  const padding = first & 0x20 ? (buffer[buffer.length - 1] ?? 0) : 0;
  if (offset > buffer.length - padding) return undefined;
  return {
    payloadType: (buffer[1] ?? 0) & 0x7f,
    marker: ((buffer[1] ?? 0) & 0x80) !== 0,
    sequenceNumber: buffer.readUInt16BE(2),
    timestamp: buffer.readUInt32BE(4),
    ssrc: buffer.readUInt32BE(8),
    payload: buffer.subarray(offset, buffer.length - padding),
  };
}
