import { dtmfPackets } from "../dtmf/dtmf-sender";
import { type RtpPacket, serializeRtp } from "../rtp/rtp-packet";

/** Where an egress writes finished RTP packets (a transport). */
export interface RtpSink {
  sendRtp(packet: Buffer): void;
  /** False while the transport may not send (a SIP peer holds the call): nothing is written, and the next packet starts a segment. */
  readonly sending?: boolean;
}

/** One packet as it left: what a recorder of "what this party heard" needs. */
export interface SentAudio {
  payload: Buffer;
  /** RTP timestamp at the leg's clock rate, continuous across sources. */
  timestamp: number;
  samples: number;
}

export interface EgressOptions {
  ssrc: number;
  payloadType: number;
  clockRate: number;
  telephoneEvent?: { payloadType: number; clockRate: number };
  now?: () => number;
  /** Random by default (RFC 3550 asks for random initial values). */
  initialSequence?: number;
  initialTimestamp?: number;
}

const U32 = 0x1_0000_0000;
const U16 = 0x1_0000;

interface Segment {
  source: string;
  /** Relay only: added to the peer's seq / ts (mod 2^16 / 2^32), and the peer's SSRC. */
  seqOffset?: number;
  tsOffset?: number;
  peerSsrc?: number;
}

interface PendingDigit {
  packets: ReturnType<typeof dtmfPackets>;
  next: number;
  timestamp: number;
}

/** A key waiting to be sent, and how long its tone lasts. */
interface QueuedDigit {
  digit: string;
  durationMs: number;
}

/** Tone length of a key sent without one (RFC 4733 senders commonly use 100 ms). */
export const DEFAULT_DIGIT_MS = 100;
/** Silence between two keys of one `sendDigits`, so an IVR hears separate presses. */
export const DIGIT_GAP_MS = 100;

/**
 * The one way audio leaves a leg: it owns the leg's SSRC, sequence numbers and timestamps.
 * Prompts, hold music, silence, a mix and a relayed peer all write through it; when the source
 * changes it starts a new segment whose first timestamp follows the last one by the time that
 * passed (so a receiver never sees time go backwards or stand still) and sets the marker bit.
 * Relayed packets keep their own spacing (seq and ts offsets fixed per segment), so loss and
 * reordering upstream stay visible downstream. Whatomate's worst bug (broken seq/ts after hold
 * music) is what this prevents: see MEDIA.md 1.2, gotcha 6.
 */
export class Egress {
  readonly ssrc: number;
  private readonly payloadType: number;
  private readonly clockRate: number;
  private readonly telephoneEvent: EgressOptions["telephoneEvent"];
  private readonly now: () => number;
  private sequence: number;
  private timestamp: number;
  /** Samples of the last audio packet sent, and when (ms). */
  private lastSamples = 0;
  private lastSentAt: number | undefined;
  private segment: Segment | undefined;
  private readonly digits: QueuedDigit[] = [];
  private digit: PendingDigit | undefined;
  /** When the next key may start (the gap after the last one), in `now()` ms. */
  private nextDigitAt = -Infinity;
  private readonly listeners = new Set<(sent: SentAudio) => void>();
  packetsSent = 0;

  constructor(
    private readonly sink: RtpSink,
    options: EgressOptions,
  ) {
    this.ssrc = options.ssrc >>> 0;
    this.payloadType = options.payloadType;
    this.clockRate = options.clockRate;
    this.telephoneEvent = options.telephoneEvent;
    this.now = options.now ?? (() => performance.now());
    this.sequence = (options.initialSequence ?? Math.floor(Math.random() * U16)) % U16;
    this.timestamp = (options.initialTimestamp ?? Math.floor(Math.random() * U32)) >>> 0;
  }

  /** Calls `listener` with every audio packet sent (not DTMF). Returns a function that stops it. */
  onSent(listener: (sent: SentAudio) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One frame of a paced source (prompt, hold music, silence, mix), `samples` long at the clock rate. */
  sendFrame(source: string, payload: Buffer, samples: number): void {
    const fresh = this.segment?.source !== source || this.segment.tsOffset !== undefined;
    const timestamp = fresh ? this.nextSegmentTimestamp() : (this.timestamp + this.lastSamples) % U32;
    if (fresh) this.segment = { source };
    this.write(payload, timestamp, samples, fresh);
  }

  /** A packet of another leg, as it arrived (same codec). `samples` is its duration at the clock rate. */
  relay(source: string, packet: RtpPacket, samples: number): void {
    const segment = this.segment;
    if (segment === undefined || segment.source !== source || segment.peerSsrc !== packet.ssrc || segment.tsOffset === undefined || segment.seqOffset === undefined) {
      const timestamp = this.nextSegmentTimestamp();
      const seqOffset = (this.sequence + 1 - packet.sequenceNumber + U16) % U16;
      this.segment = { source, peerSsrc: packet.ssrc, tsOffset: (timestamp - packet.timestamp + U32) % U32, seqOffset };
      this.write(packet.payload, timestamp, samples, true, (packet.sequenceNumber + seqOffset) % U16);
      return;
    }
    const timestamp = (packet.timestamp + segment.tsOffset) % U32;
    const sequence = (packet.sequenceNumber + segment.seqOffset) % U16;
    // A packet older than what was sent (reordered upstream) goes out with its own numbers; only
    // newer ones move the egress forward.
    this.write(packet.payload, timestamp, samples, packet.marker, sequence);
  }

  /**
   * Queues RFC 4733 telephone-events for these keys, `durationMs` each (40 ms up to what the
   * 16-bit duration holds at the event clock); `tick()` sends them one after another with
   * `DIGIT_GAP_MS` between them. False if the leg has no telephone-event. Throws a RangeError,
   * queuing nothing, for a key or length it cannot send.
   */
  sendDigits(digits: string, durationMs = DEFAULT_DIGIT_MS): boolean {
    const event = this.telephoneEvent;
    if (event === undefined) return false;
    const keys = [...digits];
    // Checked here (all or nothing), so a bad key never stops the queue halfway.
    for (const digit of keys) dtmfPackets(digit, { clockRate: event.clockRate, durationMs });
    for (const digit of keys) this.digits.push({ digit, durationMs });
    return true;
  }

  /** Keys still to send, the one being sent included. */
  get digitsPending(): number {
    return this.digits.length + (this.digit === undefined ? 0 : 1);
  }

  /**
   * Once per frame clock tick: sends the next telephone-event packet, if any. While a key's
   * packets go out (from the first to the last end copy) the leg's audio is muted: no frame,
   * relayed or mixed packet leaves, and the audio after it starts a new segment whose timestamp
   * follows the time that passed (RFC 4733 §2.5.1.1: the tone replaces the audio).
   */
  tick(): void {
    const event = this.telephoneEvent;
    if (event === undefined || this.sink.sending === false) return;
    if (this.digit === undefined) {
      if (this.digits.length === 0 || this.now() < this.nextDigitAt) return;
      const next = this.digits.shift();
      if (next === undefined) return;
      const packets = dtmfPackets(next.digit, { clockRate: event.clockRate, durationMs: next.durationMs });
      // The event's timestamp is where the audio stands now (at the audio clock; RFC 4733 §2.1).
      this.digit = { packets, next: 0, timestamp: this.lastSentAt === undefined ? this.timestamp : this.nextSegmentTimestamp() };
      this.segment = undefined;
    }
    const pending = this.digit;
    const packet = pending.packets[pending.next];
    if (packet === undefined) {
      this.digit = undefined;
      return;
    }
    pending.next += 1;
    this.sequence = (this.sequence + 1) % U16;
    this.sink.sendRtp(serializeRtp({ marker: packet.marker, payloadType: event.payloadType, sequenceNumber: this.sequence, timestamp: pending.timestamp, ssrc: this.ssrc, csrcs: [], payload: packet.payload }));
    this.packetsSent += 1;
    if (pending.next >= pending.packets.length) {
      this.digit = undefined;
      this.nextDigitAt = this.now() + DIGIT_GAP_MS;
    }
  }

  /** Where the next segment starts: after the last packet, and at least as far as the time since it was sent. */
  private nextSegmentTimestamp(advanceForTime = true): number {
    if (this.lastSentAt === undefined) return this.timestamp;
    const elapsed = advanceForTime ? Math.round(((this.now() - this.lastSentAt) * this.clockRate) / 1000) : 0;
    return (this.timestamp + Math.max(this.lastSamples, elapsed)) % U32;
  }

  private write(payload: Buffer, timestamp: number, samples: number, marker: boolean, sequence?: number): void {
    if (this.sink.sending === false || this.digit !== undefined) {
      // Held by the peer, or a key's tone replaces the audio: nothing leaves and no number moves;
      // what comes after is a new segment whose timestamp follows the time that passed (sequence
      // numbers stay continuous).
      this.segment = undefined;
      return;
    }
    const seq = sequence ?? (this.sequence + 1) % U16;
    this.sink.sendRtp(serializeRtp({ marker, payloadType: this.payloadType, sequenceNumber: seq, timestamp, ssrc: this.ssrc, csrcs: [], payload }));
    this.packetsSent += 1;
    // Only a packet ahead of the egress moves it (a reordered relay packet does not pull it back).
    if (this.lastSentAt === undefined || ((seq - this.sequence + U16) % U16) < U16 / 2) {
      this.sequence = seq;
      this.timestamp = timestamp;
      this.lastSamples = samples;
      this.lastSentAt = this.now();
    }
    for (const listener of this.listeners) listener({ payload, timestamp, samples });
  }
}
