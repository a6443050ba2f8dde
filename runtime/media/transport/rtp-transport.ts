import type { RemoteInfo } from "node:dgram";
import { buildRtcpBye, buildRtcpReport, ntpTime, parseRtcp } from "../rtp/rtcp";
import { isRtcp } from "../rtp/rtp-packet";
import { RtpReceiveStats } from "../rtp/rtp-receive-stats";
import { SrtpContext, type SrtpFailures, type SrtpPolicy } from "../srtp/srtp-context";
import type { MediaTransport, NegotiatedAudio, TransportState, TransportStats } from "./media-transport";
import { RtpLatch, type RtpLatchOptions, type RtpSource } from "./rtp-latch";
import type { RtpSocketPair } from "./rtp-port-allocator";

/** What the SDP exchange says about the peer (applied at creation and again at every re-INVITE). */
export interface RtpRemote {
  /** Where the SDP says to send RTP; undefined for `c=0.0.0.0` or port 0 (nowhere). */
  rtp: RtpSource | undefined;
  /** Where RTCP goes: `a=rtcp`, else RTP port + 1; with rtcp-mux, the RTP address. */
  rtcp: RtpSource | undefined;
  rtcpMux: boolean;
  /** Our direction allows sending (sendrecv / sendonly). */
  send: boolean;
  /** The peer's direction is sendrecv: a silence of `MEDIA_NO_RTP_SECONDS` means it is gone. Hold (sendonly, inactive) is false. */
  expectsRtp: boolean;
  /** Payload types the peer may send us (others are dropped before latching). */
  payloadTypes: ReadonlySet<number>;
  /** The peer's SDES key, for what it sends (SRTP legs). */
  srtp: SrtpPolicy | undefined;
}

export interface RtpTransportOptions {
  sockets: RtpSocketPair;
  audio: NegotiatedAudio;
  localSsrc: number;
  cname: string;
  remote: RtpRemote;
  /** Our SDES key, for what we send (SRTP legs). */
  srtp?: SrtpPolicy;
  /** Mean RTCP report interval (RFC 3550 §6.2: 5 s, randomized over 0.5–1.5 ×). */
  rtcpIntervalMs?: number;
  latch?: RtpLatchOptions;
}

/** The RTP leg's own counters, beyond TransportStats. */
export interface RtpTransportStats {
  port: number;
  latchedTo: RtpSource | undefined;
  relatches: number;
  /** Packets refused by the latch (strangers, sources on probation). */
  refused: number;
  /** Datagrams that are not RTP we can take: too short or long, not version 2, a payload type not negotiated. */
  invalid: number;
  srtp: SrtpFailures | undefined;
  rtcp: { senderReports: number; receiverReports: number; byes: number; invalid: number; sent: number };
  /** Packets not sent because our direction was recvonly/inactive (on hold) or there was nowhere to send. */
  notSent: number;
}

const MAX_DATAGRAM = 2048;
const DEFAULT_RTCP_INTERVAL_MS = 5000;

/**
 * One plain RTP (or SDES-SRTP) audio leg over UDP, for SIP calls: RTP on an even port of
 * `RTP_PORT_MIN`–`RTP_PORT_MAX`, RTCP on the next (or muxed). It sends to the SDP's address until
 * the peer's RTP arrives, then to where it comes from (symmetric RTP, `RtpLatch`). While our
 * direction does not allow sending (the peer put us on hold) packets are not sent — the egress
 * above sees `sending` false and restarts its timestamps from the time that passed on resume.
 * RTCP: SR or RR + SDES every ~5 s, the peer's reports read and counted, BYE on close.
 */
export class RtpTransport implements MediaTransport {
  readonly kind = "rtp";
  readonly audio: NegotiatedAudio;
  readonly localSsrc: number;
  private current: TransportState = "connecting";
  private remote: RtpRemote;
  private readonly sockets: RtpSocketPair;
  private readonly cname: string;
  private readonly latch: RtpLatch;
  private rtcpDestination: RtpSource | undefined;
  private readonly sendSrtp: SrtpContext | undefined;
  private receiveSrtp: SrtpContext | undefined;
  private readonly received: RtpReceiveStats;
  private readonly rtpListeners: ((packet: Buffer) => void)[] = [];
  private readonly stateListeners: ((state: TransportState, reason?: string) => void)[] = [];
  private readonly counters: TransportStats = { packetsSent: 0, packetsReceived: 0, bytesSent: 0, bytesReceived: 0, packetsDropped: 0 };
  private readonly rtcpCounters = { senderReports: 0, receiverReports: 0, byes: 0, invalid: 0, sent: 0 };
  private invalid = 0;
  private notSent = 0;
  private sendErrors = 0;
  /** For our SR: what we sent since the last report, and the last packet's RTP timestamp and time. */
  private sentSinceReport = 0;
  private octetsSent = 0;
  private lastSent: { timestamp: number; at: number } | undefined;
  private rtcpTimer: NodeJS.Timeout | undefined;
  private readonly rtcpIntervalMs: number;
  private readonly afterSend = (error: Error | null) => {
    if (error !== null) this.sendErrors++;
  };

  constructor(options: RtpTransportOptions) {
    this.sockets = options.sockets;
    this.audio = options.audio;
    this.localSsrc = options.localSsrc;
    this.cname = options.cname;
    this.remote = options.remote;
    this.latch = new RtpLatch(options.remote.rtp, options.latch);
    this.rtcpDestination = options.remote.rtcp;
    this.sendSrtp = options.srtp === undefined ? undefined : new SrtpContext(options.srtp);
    this.receiveSrtp = options.remote.srtp === undefined ? undefined : new SrtpContext(options.remote.srtp);
    this.received = new RtpReceiveStats(options.audio.clockRate);
    this.rtcpIntervalMs = options.rtcpIntervalMs ?? DEFAULT_RTCP_INTERVAL_MS;
    this.sockets.rtp.on("message", (message, info) => this.receiveRtpSocket(message, info));
    this.sockets.rtcp.on("message", (message, info) => this.receiveRtcp(message, info));
    for (const socket of [this.sockets.rtp, this.sockets.rtcp]) socket.on("error", (error) => this.end("failed", `socket_error: ${error.message}`));
    if (options.remote.rtp !== undefined) this.current = "connected";
    this.scheduleRtcp();
  }

  get state(): TransportState {
    return this.current;
  }

  get port(): number {
    return this.sockets.port;
  }

  /** False while the peer holds us (we answered recvonly/inactive) or there is nowhere to send. */
  get sending(): boolean {
    return this.remote.send && this.latch.destination !== undefined && this.current !== "closed" && this.current !== "failed";
  }

  get expectsRtp(): boolean {
    return this.remote.expectsRtp;
  }

  /** A new SDP from the peer (re-INVITE: hold, resume, a new address or key). */
  update(remote: RtpRemote): void {
    this.latch.signal(remote.rtp);
    if (remote.rtcp !== undefined && (this.remote.rtcp?.address !== remote.rtcp.address || this.remote.rtcp.port !== remote.rtcp.port)) this.rtcpDestination = remote.rtcp;
    if (remote.srtp !== undefined && !remote.srtp.keyMaterial.equals(this.remote.srtp?.keyMaterial ?? Buffer.alloc(0))) this.receiveSrtp = new SrtpContext(remote.srtp);
    this.remote = remote;
    if (this.current === "connecting" && remote.rtp !== undefined) this.change("connected");
  }

  sendRtp(packet: Buffer): void {
    if (this.current === "closed" || this.current === "failed" || packet.length < 12) {
      this.counters.packetsDropped++;
      return;
    }
    const destination = this.latch.destination;
    if (!this.remote.send || destination === undefined) {
      this.counters.packetsDropped++;
      this.notSent++;
      return;
    }
    const wire = this.sendSrtp === undefined ? packet : this.sendSrtp.protectRtp(packet);
    this.sockets.rtp.send(wire, destination.port, destination.address, this.afterSend);
    this.counters.packetsSent++;
    this.counters.bytesSent += wire.length;
    this.sentSinceReport++;
    this.octetsSent += Math.max(0, packet.length - 12 - ((packet[0] ?? 0) & 0x0f) * 4);
    this.lastSent = { timestamp: packet.readUInt32BE(4), at: performance.now() };
  }

  onRtp(listener: (packet: Buffer) => void): void {
    this.rtpListeners.push(listener);
  }

  onState(listener: (state: TransportState, reason?: string) => void): void {
    this.stateListeners.push(listener);
  }

  close(reason = "local_close"): void {
    if (this.current === "closed" || this.current === "failed") return;
    this.sendRtcp(buildRtcpBye(this.localSsrc, this.cname));
    this.end("closed", reason);
  }

  stats(): TransportStats {
    return { ...this.counters };
  }

  rtpStats(): RtpTransportStats {
    return {
      port: this.sockets.port,
      latchedTo: this.latch.latchedTo,
      relatches: this.latch.relatches,
      refused: this.latch.refused,
      invalid: this.invalid,
      srtp: this.receiveSrtp === undefined ? undefined : { ...this.receiveSrtp.failures },
      rtcp: { ...this.rtcpCounters },
      notSent: this.notSent,
    };
  }

  private receiveRtpSocket(message: Buffer, info: RemoteInfo): void {
    if (this.current === "closed" || this.current === "failed") return;
    // RTCP muxed on the RTP port (RFC 5761), whether or not it was negotiated.
    if (isRtcp(message)) {
      this.receiveRtcp(message, info);
      return;
    }
    if (message.length < 12 || message.length > MAX_DATAGRAM || (message[0] ?? 0) >> 6 !== 2 || !this.remote.payloadTypes.has((message[1] ?? 0) & 0x7f)) {
      this.invalid++;
      return;
    }
    let packet = message;
    // SRTP first: a packet that does not authenticate must not move the latch.
    if (this.receiveSrtp !== undefined) {
      const plain = this.receiveSrtp.unprotectRtp(message);
      if (plain === undefined) return;
      packet = plain;
    }
    const ssrc = packet.readUInt32BE(8);
    const seq = packet.readUInt16BE(2);
    if (!this.latch.accept({ address: info.address, port: info.port }, ssrc, seq)) return;
    this.received.update(ssrc, seq, packet.readUInt32BE(4), performance.now());
    this.counters.packetsReceived++;
    this.counters.bytesReceived += message.length;
    if (this.current === "connecting") this.change("connected");
    for (const listener of this.rtpListeners) guarded(() => listener(packet));
  }

  private receiveRtcp(message: Buffer, info: RemoteInfo): void {
    if (this.current === "closed" || this.current === "failed") return;
    if (message.length > MAX_DATAGRAM) {
      this.rtcpCounters.invalid++;
      return;
    }
    const plain = this.receiveSrtp === undefined ? message : this.receiveSrtp.unprotectRtcp(message);
    const packets = plain === undefined ? undefined : parseRtcp(plain);
    if (packets === undefined) {
      this.rtcpCounters.invalid++;
      return;
    }
    // RTCP from the host we latched RTP to (or the SDP's, before that) tells us its RTCP port behind NAT.
    const peerHost = this.latch.latchedTo?.address ?? this.remote.rtp?.address;
    if (peerHost === info.address && !this.remote.rtcpMux) this.rtcpDestination = { address: info.address, port: info.port };
    for (const packet of packets) {
      if (packet.type === "sr") {
        this.rtcpCounters.senderReports++;
        this.received.senderReport(packet.sender.ntpSeconds, packet.sender.ntpFraction, performance.now());
      } else if (packet.type === "rr") {
        this.rtcpCounters.receiverReports++;
      } else if (packet.type === "bye") {
        this.rtcpCounters.byes++;
      }
    }
  }

  private scheduleRtcp(): void {
    // RFC 3550 §6.3.1: randomized over [0.5, 1.5] × the interval, so legs do not report in step.
    const delay = this.rtcpIntervalMs * (0.5 + Math.random());
    this.rtcpTimer = setTimeout(() => {
      this.report();
      if (this.current !== "closed" && this.current !== "failed") this.scheduleRtcp();
    }, delay);
    this.rtcpTimer.unref();
  }

  private report(): void {
    const now = performance.now();
    const report = this.received.block(now);
    const last = this.lastSent;
    const sender =
      this.sentSinceReport > 0 && last !== undefined
        ? {
            ...ntpTime(Date.now()),
            rtpTimestamp: (last.timestamp + Math.round(((now - last.at) * this.audio.clockRate) / 1000)) >>> 0,
            packetCount: this.counters.packetsSent >>> 0,
            octetCount: this.octetsSent >>> 0,
          }
        : undefined;
    this.sentSinceReport = 0;
    this.sendRtcp(buildRtcpReport({ ssrc: this.localSsrc, cname: this.cname, ...(sender === undefined ? {} : { sender }), ...(report === undefined ? {} : { report }) }));
  }

  private sendRtcp(packet: Buffer): void {
    const destination = this.remote.rtcpMux ? this.latch.destination : this.rtcpDestination;
    if (destination === undefined) return;
    const wire = this.sendSrtp === undefined ? packet : this.sendSrtp.protectRtcp(packet);
    const socket = this.remote.rtcpMux ? this.sockets.rtp : this.sockets.rtcp;
    socket.send(wire, destination.port, destination.address, this.afterSend);
    this.rtcpCounters.sent++;
  }

  private end(state: "failed" | "closed", reason: string): void {
    if (this.current === "failed" || this.current === "closed") return;
    clearTimeout(this.rtcpTimer);
    this.change(state, reason);
    // Let a BYE just handed to the socket leave before it closes.
    setImmediate(() => this.sockets.release());
  }

  private change(state: TransportState, reason?: string): void {
    this.current = state;
    for (const listener of this.stateListeners) guarded(() => listener(state, reason));
  }
}

/** A listener's exception never keeps the others from their packet: it surfaces as an uncaught error on the next turn. */
function guarded(work: () => void): void {
  try {
    work();
  } catch (error) {
    setImmediate(() => {
      throw error;
    });
  }
}
