import { OPUS_SILENCE_20MS } from "../codecs/codec";
import { opusPacketSamples48k } from "../codecs/opus-toc";
import { tsDiff } from "../rtp/rtp-packet";
import { lacingValues, OGG_BOS, OGG_EOS, serializeOggPage } from "./ogg-page";

export interface OggOpusWriterOptions {
  channels?: 1;
  /** Relayed packets need no pre-skip (MEDIA.md 6.1). */
  preSkip?: 0;
  /** The logical stream's serial number (random by default). */
  serial?: number;
  /** The OpusTags vendor string. */
  vendor?: string;
  /**
   * The RTP timestamp (48 kHz) the file starts at, for a direction that joins late (the agent after
   * the queue): its first packet is preceded by silence back to this point. Without it the first
   * packet (or `writeSilenceUntil`) anchors the timeline. Packets before it are dropped as late.
   */
  startTimestamp48k?: number;
  /**
   * A jump forward larger than this (48 kHz samples, 1 hour by default) is taken as a new timeline,
   * not a hole to fill (a source the caller forgot to re-anchor must not write hours of silence).
   */
  maxGapSamples?: number;
}

export interface OggOpusWriterStats {
  /** Packets written as received. */
  packets: number;
  /** Silence packets written into holes. */
  silencePackets: number;
  /** Packets dropped: late, duplicate, malformed, or after end(). */
  dropped: number;
  /** Jumps larger than `maxGapSamples` taken as a new timeline. */
  discontinuities: number;
  /** Samples (48 kHz) written so far: the file's length. */
  samples: number;
}

/** Silence packets by duration: CELT fullband with the silence flag (`FF FE`), TOC for 20, 10, 5 and 2.5 ms. */
const SILENCE: ReadonlyArray<readonly [number, Buffer]> = [
  [960, OPUS_SILENCE_20MS],
  [480, Buffer.from([0xf0, 0xff, 0xfe])],
  [240, Buffer.from([0xe8, 0xff, 0xfe])],
  [120, Buffer.from([0xe0, 0xff, 0xfe])],
];
/** Flush a page at 50 packets or about one second, whichever first, so a crash loses little. */
const PAGE_PACKETS = 50;
const PAGE_SAMPLES = 48_000;

/**
 * The recorder's Ogg/Opus writer (RFC 7845), one mono file per direction. Lengths follow the RTP
 * timestamps, not the packet count (MEDIA.md 6.2): it keeps the expected next timestamp, writes
 * 20 ms silence packets (`F8 FF FE`) into a hole before a packet that is ahead, advances the
 * granule by each packet's real duration (TOC), survives the 32-bit wrap, and drops late
 * duplicates and old packets. Holes that are not a whole number of 2.5 ms are filled to the
 * 2.5 ms below, so the file never drifts from the timeline by more than 2.5 ms.
 *
 * Pages go to `sink` as they fill: OpusHead and OpusTags at once, then a page about every second;
 * `end()` writes the last page with EOS. Synchronous; the sink does the I/O.
 */
export class OggOpusWriter {
  private readonly serial: number;
  private readonly maxGap: number;
  private sequence = 0;
  private pending: Buffer[] = [];
  private pendingLacing = 0;
  private pendingSamples = 0;
  /** The RTP timestamp at position 0 of the timeline. */
  private origin: number | undefined;
  /** Where the next packet is expected, in samples from `origin` (not wrapped). */
  private position = 0;
  private ended = false;
  private readonly counts = { packets: 0, silencePackets: 0, dropped: 0, discontinuities: 0 };
  /** Samples written: the granule position (pre-skip is 0). */
  private written = 0;

  constructor(
    private readonly sink: { write(chunk: Buffer): void },
    options: OggOpusWriterOptions = {},
  ) {
    this.serial = options.serial ?? Math.floor(Math.random() * 0x1_0000_0000);
    this.maxGap = options.maxGapSamples ?? 48_000 * 3600;
    if (options.startTimestamp48k !== undefined) this.origin = options.startTimestamp48k >>> 0;
    this.writePage(OGG_BOS, 0, [opusHead(options.channels ?? 1, options.preSkip ?? 0)]);
    this.writePage(0, 0, [opusTags(options.vendor ?? "switchboard")]);
  }

  /** One received Opus packet with its RTP timestamp (48 kHz clock). */
  writePacket(payload: Buffer, rtpTimestamp48k: number): void {
    const duration = opusPacketSamples48k(payload);
    if (this.ended || duration === undefined) {
      this.counts.dropped++;
      return;
    }
    const at = this.place(rtpTimestamp48k);
    if (at === undefined) {
      this.counts.dropped++;
      return;
    }
    this.fillTo(at);
    this.append(payload, duration);
    this.counts.packets++;
    this.position = at + duration;
  }

  /** Pads the file with silence up to this RTP timestamp (to end both directions of a call together). */
  writeSilenceUntil(rtpTimestamp48k: number): void {
    if (this.ended) return;
    if (this.origin === undefined) {
      this.origin = rtpTimestamp48k >>> 0;
      return;
    }
    const at = this.place(rtpTimestamp48k);
    if (at === undefined) return;
    this.fillTo(at);
    this.position = at;
  }

  /** Writes the last page (EOS). Packets after this are dropped. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.flush(OGG_EOS);
  }

  get stats(): OggOpusWriterStats {
    return { ...this.counts, samples: this.written };
  }

  /** The timeline position of a timestamp, or undefined for one before the expected point (late or duplicate). */
  private place(timestamp: number): number | undefined {
    if (this.origin === undefined) {
      this.origin = timestamp >>> 0;
      return 0;
    }
    const ahead = tsDiff(timestamp, (this.origin + this.position) >>> 0);
    if (ahead < 0) return undefined;
    if (ahead > this.maxGap) {
      // A new timeline: carry on from here as if the packet were on time.
      this.counts.discontinuities++;
      this.origin = (timestamp - this.position) >>> 0;
      return this.position;
    }
    return this.position + ahead;
  }

  /** Silence packets from what is written up to `at`, in whole 2.5 ms. */
  private fillTo(at: number): void {
    let missing = at - this.written;
    for (const [samples, packet] of SILENCE) {
      while (missing >= samples) {
        this.append(packet, samples);
        this.counts.silencePackets++;
        missing -= samples;
      }
    }
  }

  private append(packet: Buffer, samples: number): void {
    const lacing = lacingValues(packet.length).length;
    if (this.pending.length >= PAGE_PACKETS || this.pendingSamples >= PAGE_SAMPLES || this.pendingLacing + lacing > 255) this.flush(0);
    this.pending.push(packet);
    this.pendingLacing += lacing;
    this.pendingSamples += samples;
    this.written += samples;
  }

  /** The pending packets as one page (an EOS page with no packet when nothing is pending). */
  private flush(flags: number): void {
    if (this.pending.length === 0 && flags === 0) return;
    this.writePage(flags, this.written, this.pending);
    this.pending = [];
    this.pendingLacing = 0;
    this.pendingSamples = 0;
  }

  private writePage(flags: number, granule: number, packets: readonly Buffer[]): void {
    this.sink.write(serializeOggPage({ flags, granulePosition: BigInt(granule), serial: this.serial, sequence: this.sequence++ }, packets));
  }
}

/** RFC 7845 §5.1: magic, version 1, channels, pre-skip, input rate, gain 0, mapping family 0. */
function opusHead(channels: number, preSkip: number): Buffer {
  const head = Buffer.alloc(19);
  head.write("OpusHead", 0, "latin1");
  head.writeUInt8(1, 8);
  head.writeUInt8(channels, 9);
  head.writeUInt16LE(preSkip, 10);
  head.writeUInt32LE(48_000, 12);
  head.writeInt16LE(0, 16);
  head.writeUInt8(0, 18);
  return head;
}

/** RFC 7845 §5.2: magic, vendor string, no comments. */
function opusTags(vendor: string): Buffer {
  const vendorBytes = Buffer.from(vendor, "utf8");
  const tags = Buffer.alloc(8 + 4 + vendorBytes.length + 4);
  tags.write("OpusTags", 0, "latin1");
  tags.writeUInt32LE(vendorBytes.length, 8);
  vendorBytes.copy(tags, 12);
  tags.writeUInt32LE(0, 12 + vendorBytes.length);
  return tags;
}
