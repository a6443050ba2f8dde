import { type AudioCodec, CODECS, PCMA_PAYLOAD_TYPE, PCMU_PAYLOAD_TYPE } from "../codecs/codec";
import { aLawToMuLaw, muLawToALaw } from "../codecs/g711";
import { DtmfReceiver } from "../dtmf/dtmf-receiver";
import type { Playback, PlaybackEnd } from "../playback/playback";
import { parseRtp, type RtpPacket } from "../rtp/rtp-packet";
import type { MediaTransport, TransportState } from "../transport/media-transport";
import { Egress, type SentAudio } from "./egress";
import { LegCodec, type PcmRate } from "./leg-codec";
import { PcmFifo } from "./pcm-fifo";

/** Why a leg ended: recorded on the call. */
export type LegEndReason = "hangup" | "ice_timeout" | "peer_gone" | "no_rtp" | "transport_failed" | "media_process_exit" | "shutdown";

/** What the leg sends right now (decided by `route()` of its bridge, or by the leg alone). */
export type LegRoute =
  | { kind: "silence" }
  | { kind: "playback"; playback: Playback }
  | { kind: "relay"; from: Leg }
  | { kind: "mix"; from: readonly Leg[] };

export interface LegEvents {
  dtmf(leg: Leg, digit: string): void;
  playbackEnded(leg: Leg, playbackId: string, how: PlaybackEnd, playedMs: number): void;
  ended(leg: Leg, reason: LegEndReason, detail?: string): void;
  connected(leg: Leg): void;
}

/** One packet of audio a leg received, as a recorder of "what this party said" sees it. */
export interface ReceivedAudio {
  payload: Buffer;
  timestamp: number;
  ssrc: number;
  samples: number;
}

export interface LegOptions {
  /** Without RTP from the peer for this long once connected, the leg ends (`no_rtp`). Default 30 s. */
  noRtpTimeoutMs?: number;
  now?: () => number;
}

/** A G.711 packet of the other law than the leg's, converted to the leg's (undefined for anything else). */
function otherG711(codec: AudioCodec, packet: RtpPacket): RtpPacket | undefined {
  if (codec === "pcmu" && packet.payloadType === PCMA_PAYLOAD_TYPE) return { ...packet, payloadType: PCMU_PAYLOAD_TYPE, payload: aLawToMuLaw(packet.payload) };
  if (codec === "pcma" && packet.payloadType === PCMU_PAYLOAD_TYPE) return { ...packet, payloadType: PCMA_PAYLOAD_TYPE, payload: muLawToALaw(packet.payload) };
  return undefined;
}

const MIX_RATE: PcmRate = 48000;
const MIX_FRAME = 960;
const TELEPHONE_FRAME = 160;

/**
 * One party's audio: a transport (WebRTC, plain RTP), its codec, and the egress that owns what
 * it sends. What it receives becomes DTMF events, audio relayed or mixed for the others in its
 * bridge, and recorder input. What it sends follows its route: a prompt or hold music, the other
 * party relayed as it arrives, a mix of several, or silence (so the stream never stops).
 */
export class Leg {
  readonly codec: LegCodec;
  readonly egress: Egress;
  muted = false;
  /** Hold music while held (the leg hears it and is heard by nobody). */
  hold: Playback | undefined;
  /** A prompt played to this leg, over whatever else it would hear. */
  prompt: Playback | undefined;
  route: LegRoute = { kind: "silence" };
  /** The bridge it is in (set by the bridge). */
  bridgeId: string | undefined;
  /** Legs that relay this one's audio as it arrives (kept by the bridge's routing). */
  readonly relayTo = new Set<Leg>();
  /** Set while this leg is mixed for someone: its decoded audio waits here for the tick. */
  mixInput: PcmFifo | undefined;
  private readonly dtmf: DtmfReceiver;
  /** Audio relayed from a leg of another codec, waiting to fill a 20 ms frame. */
  private transcoding: PcmFifo | undefined;
  private readonly received = new Set<(audio: ReceivedAudio) => void>();
  private readonly noRtpTimeoutMs: number;
  private readonly now: () => number;
  private lastRtpAt: number;
  private endedWith: LegEndReason | undefined;
  private isConnected = false;
  packetsReceived = 0;
  packetsIgnored = 0;

  constructor(
    readonly id: string,
    readonly transport: MediaTransport,
    private readonly events: LegEvents,
    options: LegOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.noRtpTimeoutMs = options.noRtpTimeoutMs ?? 30_000;
    this.lastRtpAt = this.now();
    const audio = transport.audio;
    this.codec = new LegCodec(audio.codec);
    this.egress = new Egress(transport, {
      ssrc: transport.localSsrc,
      payloadType: audio.payloadType,
      clockRate: audio.clockRate,
      ...(audio.telephoneEvent === undefined ? {} : { telephoneEvent: audio.telephoneEvent }),
      now: this.now,
    });
    this.dtmf = new DtmfReceiver((digit) => this.digit(digit));
    transport.onRtp((packet) => this.receive(packet));
    transport.onState((state, reason) => this.transportState(state, reason));
    if (transport.state === "connected") this.markConnected();
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  get connected(): boolean {
    return this.isConnected && !this.ended;
  }

  /** Is this leg heard by the others in its bridge? */
  get contributing(): boolean {
    return this.connected && !this.muted && this.hold === undefined;
  }

  /** Calls `listener` with every audio packet received (what this party says). */
  onReceived(listener: (audio: ReceivedAudio) => void): () => void {
    this.received.add(listener);
    return () => this.received.delete(listener);
  }

  onSent(listener: (sent: SentAudio) => void): () => void {
    return this.egress.onSent(listener);
  }

  /** Once per clock tick, after the bridges mixed: prompt, hold music or silence; DTMF; the no-RTP watchdog. */
  tick(tickMs: number): void {
    if (this.ended) return;
    // A peer that holds the call (SIP sendonly/inactive) sends nothing: the watchdog counts from the resume.
    if (!this.transport.expectsRtp) this.lastRtpAt = this.now();
    if (this.isConnected && this.now() - this.lastRtpAt > this.noRtpTimeoutMs) {
      this.end("no_rtp", `no RTP from the peer for ${Math.round(this.noRtpTimeoutMs / 1000)} s`);
      return;
    }
    this.egress.tick();
    const route = this.route;
    const tickSamples = (this.codec.clockRate * tickMs) / 1000;
    if (route.kind === "playback") {
      const frames = route.playback.next(tickSamples);
      if (frames === undefined) {
        this.playbackFinished(route.playback, "finished");
        return;
      }
      for (const frame of frames) this.egress.sendFrame(`playback:${route.playback.id}`, frame.payload, frame.samples);
      if (route.playback.ended) this.playbackFinished(route.playback, "finished");
      return;
    }
    if (route.kind === "silence") {
      const { silence20ms, samplesPer20ms } = CODECS[this.codec.codec];
      this.egress.sendFrame("silence", silence20ms, samplesPer20ms);
    }
  }

  /** A mixed frame for this leg (48 kHz PCM of everyone else it hears). */
  sendMix(bridgeId: string, pcm: Int16Array): void {
    const { payload, samples } = this.codec.encode(pcm, MIX_RATE);
    this.egress.sendFrame(`mix:${bridgeId}`, payload, samples);
  }

  /** The next 20 ms of this leg's audio for the mixer, or undefined when it sent none. */
  takeMixFrame(): Int16Array | undefined {
    return this.mixInput?.take(MIX_FRAME);
  }

  /** Stops a prompt or hold music it plays (`stopped`), and the route follows. */
  stopPlayback(how: PlaybackEnd = "stopped"): void {
    if (this.prompt !== undefined) this.playbackFinished(this.prompt, how);
  }

  /** Sends keys to the peer as RFC 4733 telephone-events (its negotiated PT and clock), one after another, the audio muted during each. False without telephone-event. */
  sendDigits(digits: string, durationMs?: number): boolean {
    return this.egress.sendDigits(digits, durationMs);
  }

  /** Ends the leg: closes its transport (idempotent). */
  end(reason: LegEndReason, detail?: string): void {
    if (this.endedWith !== undefined) return;
    this.endedWith = reason;
    this.transport.close(reason);
    this.events.ended(this, reason, detail);
  }

  /** Set by the owner when the route must be worked out again (prompt, hold, bridge changes). */
  onRerouteNeeded: (leg: Leg) => void = (leg) => leg.rerouteAlone();

  /** The route of a leg in no bridge: its prompt, else hold music, else silence. */
  rerouteAlone(): void {
    this.setRoute(this.prompt !== undefined ? { kind: "playback", playback: this.prompt } : this.hold !== undefined ? { kind: "playback", playback: this.hold } : { kind: "silence" });
  }

  setRoute(route: LegRoute): void {
    const previous = this.route;
    if (previous.kind === "relay" && (route.kind !== "relay" || route.from !== previous.from)) previous.from.relayTo.delete(this);
    if (route.kind === "relay") route.from.relayTo.add(this);
    if (route.kind !== "relay" || previous.kind !== "relay" || previous.from !== route.from) this.transcoding?.clear();
    this.route = route;
  }

  private playbackFinished(playback: Playback, how: PlaybackEnd): void {
    const playedMs = (playback.played * 1000) / this.codec.clockRate;
    if (this.prompt === playback) this.prompt = undefined;
    else if (this.hold === playback) this.hold = undefined;
    else return;
    this.onRerouteNeeded(this);
    this.events.playbackEnded(this, playback.id, how, playedMs);
  }

  private digit(digit: string): void {
    if (this.prompt?.stopOnDtmf === true) this.playbackFinished(this.prompt, "interrupted");
    this.events.dtmf(this, digit);
  }

  private receive(buffer: Buffer): void {
    if (this.ended) return;
    const packet = parseRtp(buffer);
    if (packet === undefined) {
      this.packetsIgnored += 1;
      return;
    }
    this.lastRtpAt = this.now();
    this.packetsReceived += 1;
    const audio = this.transport.audio;
    if (packet.payloadType === audio.telephoneEvent?.payloadType || audio.telephoneEventAlso?.includes(packet.payloadType) === true) {
      this.dtmf.receive(packet);
      return;
    }
    if (packet.payloadType === audio.payloadType) {
      this.audio(packet);
      return;
    }
    // A SIP peer offered both G.711 laws may send either (RFC 3264 §5.1): the other is converted by table.
    const converted = otherG711(audio.codec, packet);
    if (converted === undefined) {
      this.packetsIgnored += 1;
      return;
    }
    this.audio(converted);
  }

  private audio(packet: RtpPacket): void {
    const samples = this.codec.samplesOf(packet.payload);
    for (const listener of this.received) listener({ payload: packet.payload, timestamp: packet.timestamp, ssrc: packet.ssrc, samples });
    if (this.muted || this.hold !== undefined) return;
    for (const listener of this.relayTo) listener.relayed(this, packet, samples);
    this.mixInput?.push(this.codec.decode(packet.payload, MIX_RATE));
  }

  /** Audio of the one leg this leg hears, as it arrives: relayed as is, or transcoded. */
  private relayed(from: Leg, packet: RtpPacket, samples: number): void {
    if (this.route.kind !== "relay" || this.route.from !== from || this.ended) return;
    if (from.codec.codec === this.codec.codec) {
      this.egress.relay(`relay:${from.id}`, packet, samples);
      return;
    }
    // Across codecs: decoded at 8 kHz and encoded again in 20 ms frames (a 30 ms G.711 packet
    // becomes one and a half Opus frames; the rest waits for the next packet).
    const fifo = (this.transcoding ??= new PcmFifo(8000));
    fifo.push(from.codec.decode(packet.payload, 8000));
    while (fifo.waiting >= TELEPHONE_FRAME) {
      const frame = fifo.take(TELEPHONE_FRAME);
      if (frame === undefined) break;
      const encoded = this.codec.encode(frame, 8000);
      this.egress.sendFrame(`relay:${from.id}`, encoded.payload, encoded.samples);
    }
  }

  private transportState(state: TransportState, reason?: string): void {
    if (state === "connected") {
      this.markConnected();
      return;
    }
    if (state === "failed") this.end(reason === "ice_timeout" ? "ice_timeout" : "transport_failed", reason);
    else if (state === "closed") this.end("peer_gone", reason);
  }

  private markConnected(): void {
    if (this.isConnected) return;
    this.isConnected = true;
    this.lastRtpAt = this.now();
    this.events.connected(this);
    this.onRerouteNeeded(this);
  }
}
