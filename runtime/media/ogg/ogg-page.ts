import { oggCrc } from "./ogg-crc";

/** Header type flags of an Ogg page (RFC 3533 §6). */
export const OGG_CONTINUED = 0x01;
export const OGG_BOS = 0x02;
export const OGG_EOS = 0x04;

/** The fixed part of a page header, before the lacing values. */
export const OGG_HEADER_BYTES = 27;
export const OGG_CAPTURE = Buffer.from("OggS", "latin1");

export interface OggPageFields {
  flags: number;
  /** −1 when no packet ends on the page. */
  granulePosition: bigint;
  serial: number;
  sequence: number;
}

/** The lacing values of a packet: ⌊L/255⌋ values of 255, then one below 255 (0 when L is a multiple of 255). */
export function lacingValues(length: number): number[] {
  const values = new Array<number>(Math.floor(length / 255)).fill(255);
  values.push(length % 255);
  return values;
}

/** One page holding whole packets (at most 255 lacing values in all), CRC filled in. */
export function serializeOggPage(fields: OggPageFields, packets: readonly Buffer[]): Buffer {
  const lacing = packets.flatMap((p) => lacingValues(p.length));
  if (lacing.length > 255) throw new RangeError(`an Ogg page holds 255 lacing values, these packets need ${lacing.length}`);
  const bodyLength = packets.reduce((n, p) => n + p.length, 0);
  const page = Buffer.alloc(OGG_HEADER_BYTES + lacing.length + bodyLength);
  OGG_CAPTURE.copy(page, 0);
  page.writeUInt8(0, 4); // stream structure version
  page.writeUInt8(fields.flags, 5);
  page.writeBigInt64LE(fields.granulePosition, 6);
  page.writeUInt32LE(fields.serial >>> 0, 14);
  page.writeUInt32LE(fields.sequence >>> 0, 18);
  // CRC at 22..25 stays zero while it is computed.
  page.writeUInt8(lacing.length, 26);
  Buffer.from(lacing).copy(page, OGG_HEADER_BYTES);
  let at = OGG_HEADER_BYTES + lacing.length;
  for (const packet of packets) {
    packet.copy(page, at);
    at += packet.length;
  }
  page.writeUInt32LE(oggCrc(page), 22);
  return page;
}
