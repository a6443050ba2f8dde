import { randomInt } from "node:crypto";
import { PCMU_PAYLOAD_TYPE } from "../codecs/codec";
import { dtmfPackets } from "../dtmf/dtmf-sender";
import { parseRtp, serializeRtp } from "../rtp/rtp-packet";
import type { MediaTransport, NegotiatedAudio, TransportState, TransportStats } from "./media-transport";

/** What a stream leg sends its peer (Twilio Media Streams' `media`, `clear`, `mark`; MEDIA.md 4). */
export type StreamOutput = { kind: "media"; payload: Buffer } | { kind: "clear" } | { kind: "mark"; name: string };

/** The payload type the digits of a stream (JSON `dtmf` events) are taken on, as RFC 4733 events at 8 kHz. */
export const STREAM_TELEPHONE_EVENT_PT = 101;

const SAMPLES_PER_20MS = 160;

/**
 * A Twilio Media Stream as a transport (MEDIA.md 4): μ-law 8 kHz frames in JSON instead of RTP.
 * What arrives becomes RTP packets of a PCMU leg (seq +1, ts + the frame's samples), and each key
 * of a `dtmf` event the RFC 4733 end packets of one press, so the leg, its DTMF receiver, bridges
 * (G.711 ↔ Opus transcoded at 8 kHz), hold music, prompts and recorders treat it as any G.711 leg.
 * What the leg's egress sends (already paced every 20 ms by the frame clock) leaves as `media`
 * payloads; a new segment (the marker bit: hold music, a prompt or the agent starts) first sends
 * `clear`, so whatever Twilio still queued of the old source is dropped, and a `mark` named for
 * the segment, echoed when the caller starts hearing it. Keys cannot be sent towards Twilio: the
 * leg negotiates no telephone-event of its own (`leg.dtmf` is refused with `no_telephone_event`).
 */
export class StreamTransport implements MediaTransport {
  readonly kind = "stream";
  readonly audio: NegotiatedAudio = { codec: "pcmu", payloadType: PCMU_PAYLOAD_TYPE, clockRate: 8000, telephoneEventAlso: [STREAM_TELEPHONE_EVENT_PT] };
  readonly localSsrc = randomInt(1, 2 ** 32 - 1);
  readonly expectsRtp = true;
  readonly sending = true;
  private currentState: TransportState = "connected";
  private readonly rtpListeners = new Set<(packet: Buffer) => void>();
  private readonly stateListeners = new Set<(state: TransportState, reason?: string) => void>();
  private readonly remoteSsrc = randomInt(1, 2 ** 32 - 1);
  private sequence = randomInt(0, 0xffff);
  private timestamp = randomInt(0, 2 ** 32 - 1);
  /** The RTP timestamp of the stream's `media.timestamp` 0, from the first frame that had one. */
  private timestampOrigin: number | undefined;
  private segments = 0;
  private readonly counters: TransportStats = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, packetsDropped: 0 };

  constructor(private readonly output: (message: StreamOutput) => void) {}

  get state(): TransportState {
    return this.currentState;
  }

  /**
   * A `media` frame from the peer: μ-law bytes (any length; Twilio sends 160). With Twilio's
   * `media.timestamp` (ms since the stream started) the frame's RTP timestamp is that time at 8 kHz,
   * so a hole in the stream stays a hole (MEDIA.md 6.2: recorders fill it with silence); without
   * it, frames follow each other.
   */
  receiveMedia(payload: Buffer, timestampMs?: number): void {
    if (this.currentState !== "connected" || payload.length === 0) return;
    if (timestampMs !== undefined) {
      this.timestampOrigin ??= (this.timestamp - timestampMs * 8) >>> 0;
      this.timestamp = (this.timestampOrigin + timestampMs * 8) >>> 0;
    }
    this.counters.packetsReceived += 1;
    this.counters.bytesReceived += payload.length;
    this.deliver(serializeRtp({ marker: false, payloadType: PCMU_PAYLOAD_TYPE, sequenceNumber: this.nextSequence(), timestamp: this.timestamp >>> 0, ssrc: this.remoteSsrc, csrcs: [], payload }));
    this.timestamp = (this.timestamp + payload.length) >>> 0;
  }

  /** A `dtmf` event from the peer: the key as the end packets of one RFC 4733 press at the stream's current time. */
  receiveDigit(digit: string): void {
    if (this.currentState !== "connected") return;
    const packets = dtmfPackets(digit, { clockRate: 8000, durationMs: 100 }).filter((packet) => (packet.payload[1] ?? 0) & 0x80);
    packets.forEach((packet, index) => {
      this.deliver(serializeRtp({ marker: index === 0, payloadType: STREAM_TELEPHONE_EVENT_PT, sequenceNumber: this.nextSequence(), timestamp: this.timestamp >>> 0, ssrc: this.remoteSsrc, csrcs: [], payload: packet.payload }));
    });
    this.timestamp = (this.timestamp + SAMPLES_PER_20MS) >>> 0;
  }

  /** The peer went away: `reason` says how (a `stop`, or the socket dropping without one). */
  peerClosed(reason: string): void {
    this.finish("closed", reason);
  }

  sendRtp(packet: Buffer): void {
    const parsed = this.currentState === "connected" ? parseRtp(packet) : undefined;
    if (parsed === undefined || parsed.payloadType !== PCMU_PAYLOAD_TYPE) {
      this.counters.packetsDropped += 1;
      return;
    }
    if (parsed.marker) {
      this.segments += 1;
      this.output({ kind: "clear" });
      this.output({ kind: "mark", name: `segment-${this.segments}` });
    }
    this.counters.packetsSent += 1;
    this.counters.bytesSent += parsed.payload.length;
    this.output({ kind: "media", payload: Buffer.from(parsed.payload) });
  }

  onRtp(listener: (packet: Buffer) => void): void {
    this.rtpListeners.add(listener);
  }

  onState(listener: (state: TransportState, reason?: string) => void): void {
    this.stateListeners.add(listener);
  }

  close(reason = "local_close"): void {
    this.finish("closed", reason);
  }

  stats(): TransportStats {
    return { ...this.counters };
  }

  private finish(state: "closed", reason: string): void {
    if (this.currentState !== "connected") return;
    this.currentState = state;
    for (const listener of this.stateListeners) listener(state, reason);
  }

  private deliver(packet: Buffer): void {
    for (const listener of this.rtpListeners) listener(packet);
  }

  private nextSequence(): number {
    const sequence = this.sequence;
    this.sequence = (this.sequence + 1) & 0xffff;
    return sequence;
  }
}
