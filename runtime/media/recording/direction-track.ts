import type { AudioCodec } from "../codecs/codec";
import { LegCodec } from "../legs/leg-codec";
import { PcmFifo } from "../legs/pcm-fifo";
import type { OggOpusWriter } from "../ogg/ogg-opus-writer";

const U32 = 0x1_0000_0000;
/** 48 kHz samples per ms. */
const PER_MS = 48;
/** A packet whose timestamp strays this far from the wall clock re-anchors the track (a new source or SSRC). */
const REANCHOR_SAMPLES = 2 * 48_000;

/**
 * One direction of a recording (what a party said, or what they heard) as Ogg/Opus on one
 * timeline: the recording's start is 0, every packet is placed by its RTP timestamp (so holes from
 * loss, hold or DTX become silence and the file lasts as long as the call), and the first packet
 * (or one from a new source) is anchored by when it arrived. G.711 is encoded once into Opus here.
 */
export class DirectionTrack {
  private base: number | undefined;
  private ssrc: number | undefined;
  private pcm: PcmFifo | undefined;
  private pcmTimestamp = 0;
  /** G.711 directions: the Opus encoder (8 kHz in) the file is written with; the leg's codec only decodes. */
  private readonly opus = new LegCodec("opus");

  constructor(
    private readonly writer: OggOpusWriter,
    private readonly codec: LegCodec,
    private readonly startedAt: number,
    private readonly now: () => number,
  ) {}

  /** A packet of this direction: its payload in the leg's codec and its RTP timestamp at the codec's clock. */
  add(payload: Buffer, timestamp: number, ssrc = 0): void {
    const scale = 48_000 / this.codec.clockRate;
    const ts48 = (timestamp * scale) % U32;
    const wall = Math.round((this.now() - this.startedAt) * PER_MS);
    let timeline = this.base === undefined ? undefined : (ts48 - this.base + U32) % U32;
    if (this.base === undefined || ssrc !== this.ssrc || timeline === undefined || Math.abs(timeline - wall) > REANCHOR_SAMPLES) {
      this.base = (ts48 - wall + U32) % U32;
      this.ssrc = ssrc;
      timeline = wall;
      this.pcm?.clear();
    }
    if (this.codec.codec === "opus") {
      this.writer.writePacket(payload, timeline);
      return;
    }
    this.addG711(payload, timeline);
  }

  /** Pads the direction with silence up to `ms` after the start and closes it. */
  finish(ms: number): void {
    this.writer.writeSilenceUntil(Math.round(ms * PER_MS));
    this.writer.end();
  }

  get codecName(): AudioCodec {
    return this.codec.codec;
  }

  /** 8 kHz G.711 → 20 ms PCM frames → Opus (one encoder per direction, made once). */
  private addG711(payload: Buffer, timeline: number): void {
    const fifo = (this.pcm ??= new PcmFifo(8000));
    if (fifo.waiting === 0) this.pcmTimestamp = timeline;
    fifo.push(this.codec.decode(payload, 8000));
    while (fifo.waiting >= 160) {
      const frame = fifo.take(160);
      if (frame === undefined) break;
      this.writer.writePacket(this.opus.encode(frame, 8000).payload, this.pcmTimestamp);
      this.pcmTimestamp += 960;
    }
  }
}
