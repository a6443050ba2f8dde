import { oggCrc } from "./ogg-crc";
import { OGG_BOS, OGG_CAPTURE, OGG_CONTINUED, OGG_EOS, OGG_HEADER_BYTES } from "./ogg-page";

export interface OpusHead {
  channels: number;
  /** Samples (48 kHz) to drop at the start: 312 from libopus encoders, 0 from our recorder. */
  preSkip: number;
  /** The rate of the original input (informative only: Opus always decodes at 48 kHz). */
  inputSampleRate: number;
  /** Output gain in Q7.8 dB. */
  outputGain: number;
  mappingFamily: number;
}

export interface OggOpusFile {
  head: OpusHead;
  /**
   * The audio packets in order (OpusHead and OpusTags left out), each one Opus packet to send as one
   * RTP payload. Views into the file's buffer, except packets that spanned pages (copies).
   */
  packets: Buffer[];
  /** Granule position of the last page that ends a packet: pre-skip + playable samples at 48 kHz. */
  endGranule: number;
}

/**
 * Splits an Ogg/Opus file (RFC 7845) into its Opus packets with the pages' lacing tables, so a
 * prompt can be sent as RTP untouched (one packet per RTP payload, never a whole page). Checks the
 * capture pattern, the version, every page's CRC and sequence, and the Opus headers; reads the first
 * logical stream (pages of other streams are skipped, a chained stream after its end ignored).
 * Throws an Error saying what is wrong and where for anything else.
 */
export function readOggOpus(file: Buffer): OggOpusFile {
  if (file.length < 4 || !file.subarray(0, 4).equals(OGG_CAPTURE)) throw new Error("not an Ogg file: it does not start with 'OggS'");
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let serial: number | undefined;
  let nextSequence = 0;
  let endGranule = -1;
  let ended = false;
  let offset = 0;
  while (offset < file.length && !ended) {
    const where = `Ogg page at byte ${offset}`;
    if (file.length - offset < OGG_HEADER_BYTES) throw new Error(`${where} is truncated`);
    if (!file.subarray(offset, offset + 4).equals(OGG_CAPTURE)) throw new Error(`${where}: no 'OggS' capture pattern`);
    if (file.readUInt8(offset + 4) !== 0) throw new Error(`${where}: unknown stream structure version ${file.readUInt8(offset + 4)}`);
    const flags = file.readUInt8(offset + 5);
    const granule = file.readBigInt64LE(offset + 6);
    const pageSerial = file.readUInt32LE(offset + 14);
    const sequence = file.readUInt32LE(offset + 18);
    const crc = file.readUInt32LE(offset + 22);
    const segments = file.readUInt8(offset + 26);
    const lacingStart = offset + OGG_HEADER_BYTES;
    if (lacingStart + segments > file.length) throw new Error(`${where} is truncated (lacing table)`);
    const lacing = file.subarray(lacingStart, lacingStart + segments);
    const bodyLength = lacing.reduce((n, value) => n + value, 0);
    const pageEnd = lacingStart + segments + bodyLength;
    if (pageEnd > file.length) throw new Error(`${where} is truncated (${pageEnd - file.length} bytes of its body missing)`);
    const page = Buffer.from(file.subarray(offset, pageEnd));
    page.writeUInt32LE(0, 22);
    if (oggCrc(page) !== crc) throw new Error(`${where}: CRC mismatch (the file is damaged)`);
    offset = pageEnd;

    if (serial === undefined) {
      if ((flags & OGG_BOS) === 0) throw new Error(`${where}: the first page does not begin a stream`);
      serial = pageSerial;
    }
    if (pageSerial !== serial) continue; // another logical stream multiplexed in
    if (sequence !== nextSequence) throw new Error(`${where}: page ${sequence} follows page ${nextSequence - 1} (pages missing)`);
    nextSequence++;
    if ((flags & OGG_CONTINUED) !== 0 && partial.length === 0) {
      throw new Error(`${where} continues a packet no page began`);
    }
    if ((flags & OGG_CONTINUED) === 0 && partial.length > 0) throw new Error(`${where}: the packet of the page before is cut short`);

    let at = lacingStart + segments;
    let segmentStart = at;
    for (const value of lacing) {
      at += value;
      if (value < 255) {
        partial.push(file.subarray(segmentStart, at));
        packets.push(partial.length === 1 ? (partial[0] ?? Buffer.alloc(0)) : Buffer.concat(partial));
        partial = [];
        segmentStart = at;
      }
    }
    if (segmentStart < at) partial.push(file.subarray(segmentStart, at)); // the last lacing value was 255: continued on the next page
    if (granule !== -1n) endGranule = Number(granule);
    if ((flags & OGG_EOS) !== 0) ended = true;
  }
  if (partial.length > 0) throw new Error("Ogg file ends inside a packet (truncated)");
  return { head: parseOpusHead(packets[0]), packets: checkTags(packets), endGranule: Math.max(0, endGranule) };
}

function parseOpusHead(packet: Buffer | undefined): OpusHead {
  if (packet === undefined || packet.length < 19 || packet.toString("latin1", 0, 8) !== "OpusHead") {
    throw new Error("not an Ogg/Opus file: the first packet is not an OpusHead header");
  }
  const version = packet.readUInt8(8);
  if (version >> 4 !== 0) throw new Error(`Ogg/Opus: unsupported OpusHead version ${version}`);
  const channels = packet.readUInt8(9);
  if (channels === 0) throw new Error("Ogg/Opus: OpusHead says 0 channels");
  return {
    channels,
    preSkip: packet.readUInt16LE(10),
    inputSampleRate: packet.readUInt32LE(12),
    outputGain: packet.readInt16LE(16),
    mappingFamily: packet.readUInt8(18),
  };
}

function checkTags(packets: Buffer[]): Buffer[] {
  const tags = packets[1];
  if (tags === undefined || tags.length < 8 || tags.toString("latin1", 0, 8) !== "OpusTags") {
    throw new Error("not an Ogg/Opus file: the second packet is not an OpusTags header");
  }
  return packets.slice(2);
}
